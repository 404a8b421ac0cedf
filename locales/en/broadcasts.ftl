# Broadcasts: the delivery report and errors.

broadcast-report-title-sending = <b>Sending…</b>
broadcast-report-title-done = <b>Broadcast finished</b>
broadcast-report-delivered = Delivered: { $delivered } of { $total }
broadcast-report-pending = Queued: { $count }
broadcast-report-failed = Could not be sent: { $count }
broadcast-report-unreachable = Unreachable (blocked the bot, bot removed from the group): { $count }
broadcast-report-informed = { $informed } of { $total } organisations informed (the coordinator or a head received it)
broadcast-button-missed = Who did not get it
broadcast-button-organisations = By organisation

broadcast-error-empty = The text is empty. Write what should be sent.
broadcast-error-too-long = Too long: { $length } characters, at most { $limit } allowed. Please shorten it; I never cut messages myself.
broadcast-error-kind = I send a text, a photo or a document with a caption. Send one of these.
broadcast-error-nobody = This audience reaches nobody now: choose another one.
