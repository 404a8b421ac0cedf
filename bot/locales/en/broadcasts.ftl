# Broadcasts: the delivery report and errors.

broadcast-report-title-sending = <b>Sending…</b>
broadcast-report-title-done = <b>Broadcast finished</b>
broadcast-report-delivered = Delivered: { $delivered } of { $total }
broadcast-report-pending = Queued: { $count }
broadcast-report-failed = Could not be sent: { $count }
broadcast-report-unreachable = Unreachable (blocked the bot, bot removed from the group): { $count }
broadcast-report-informed = { $informed } of { $total } organisations informed (at least one person or group of the organisation received it)
broadcast-button-missed = Who did not get it
broadcast-button-organisations = By organisation

broadcast-error-empty = The text is empty. Write what should be sent.
broadcast-error-too-long = Too long: { $length } characters, at most { $limit } allowed — shorten it by { $excess }. I never cut messages myself.
broadcast-error-kind = I send a text, a photo or a document with a caption. Send one of these.
broadcast-error-nobody = This audience reaches nobody now: choose another one.

# An announcement: /announce.

announce-ask-content =
    <b>A new announcement.</b>

    Send it as one message: a text (up to 4096 characters), a photo with a caption or a document with a caption (a caption up to 1024 characters). Bold, italics and links are kept.

    To stop: /cancel.
announce-ask-content-again = Send the new text, photo or document with a caption; it replaces the previous one. To stop: /cancel.
announce-content-command = That looks like a command, and I am waiting for the announcement itself. Send a text, a photo or a document, or /cancel to stop.

announce-audience-title = <b>Who should get the announcement?</b>
announce-audience-hint = Set the recipients with the buttons below, then press “Preview”.
announce-audience-chosen = <b>Recipients chosen.</b>
announce-audience-who = Who: { $value }
announce-audience-where = Where: { $value }
announce-audience-groups = Groups: { $value }

announce-who-everyone = everyone
announce-who-roles = roles: { $roles }
announce-who-young = young specialists
announce-who-mentors = mentors
announce-who-heads = heads of associations
announce-roles-any = any (none ticked)
announce-none-chosen = nothing ticked

announce-where-all = the whole municipality
announce-where-own = your whole organisation
announce-where-organisations = chosen organisations ({ $count })
announce-where-organisations-named = chosen organisations ({ $count }): { $names }
announce-where-kinds = kinds of organisations: { $kinds }
announce-where-associations = chosen associations ({ $count })
announce-where-associations-named = chosen associations ({ $count }): { $names }
announce-association-named = { $name } ({ $organisation })
announce-names-more = { $names } and { $count } more
announce-where-levels = levels of associations: { $levels }

announce-kind-school = schools
announce-kind-kindergarten = kindergartens
announce-kind-additional = additional education
announce-kind-button-school = Schools
announce-kind-button-kindergarten = Kindergartens
announce-kind-button-additional = Additional education
announce-level-school = school (ШМО)
announce-level-municipal = municipal (ГМО)
announce-level-district = district (РМО)

announce-groups-none = not to groups
announce-groups-all = all matching groups
announce-groups-all-named = all matching ({ $count }): { $names }
announce-groups-all-none = all matching — there are none
announce-groups-chosen = chosen groups ({ $count })
announce-groups-chosen-named = chosen groups ({ $count }): { $names }
announce-groups-chosen-none = chosen groups — none of them is bound now
announce-group-named = “{ $title }”

announce-who-title = Who should get the announcement?
announce-who-button-everyone = Everyone
announce-who-button-young = Young specialists
announce-who-button-mentors = Mentors
announce-who-button-heads = Heads of associations
announce-where-title = Where? Choose whose teachers get the announcement.
announce-groups-title =
    Send the announcement to groups as well?

    “All matching” are the groups bound to the organisations and associations chosen under “Where” (for the whole municipality, every bound group).
announce-groups-button-none = Not to groups
announce-groups-button-all = All matching groups

announce-pick-roles = Tick the recipients' roles (press again to untick).
announce-pick-kinds = Tick the kinds of organisations.
announce-pick-levels = Tick the levels of associations.
announce-pick-organisations = Tick the organisations (press again to untick). Ticked: { $count }.
announce-pick-associations = Tick the associations (press again to untick). Ticked: { $count }.
announce-pick-chats = Tick the groups (press again to untick). Ticked: { $count }.
announce-pick-organisations-empty = There are no organisations in the registry yet.
announce-pick-associations-empty = There are no associations in the registry yet.
announce-pick-chats-empty = No groups are bound yet. A group is bound with /bind in the group itself.

announce-button-who = Who…
announce-button-where = Where…
announce-button-groups = Groups…
announce-button-preview = Preview ›
announce-button-cancel = Cancel
announce-button-back = ‹ Back
announce-button-done = Done
announce-button-to-menu = ‹ To recipients
announce-button-roles = Some roles…
announce-button-all = The whole municipality
announce-button-own = My whole organisation
announce-button-organisations = Chosen organisations…
announce-button-kinds = Kinds of organisations…
announce-button-associations = Chosen associations…
announce-button-levels = Levels of associations…
announce-button-chats = Choose groups…
announce-button-send = Send
announce-button-edit = Change
announce-button-edit-content = The announcement
announce-button-edit-audience = The recipients

announce-preview-title = <b>Above is the announcement exactly as it will arrive.</b>
announce-people = { $count ->
    [one] { $count } person
   *[other] { $count } people
}
announce-group-count = { $count ->
    [one] { $count } group
   *[other] { $count } groups
}
announce-reach = It reaches { $people } (unreachable, having blocked the bot: { $unreachable }) and { $groups }.
announce-preview-ask = Send it?
announce-edit-ask = What should change?
announce-sent = The announcement is being sent. The delivery report is below; it updates itself.
announce-already-sent = This announcement has already been sent; I will not send it twice.
announce-changed = The announcement changed after the preview. Press “Preview” again.
announce-cancelled = Announcement cancelled; nothing was sent.

# The report: who did not get it, by organisation.

broadcast-missed-title = <b>Did not get the announcement: { $count }</b>
broadcast-missed-none = Everyone it has been sent to so far received it.
broadcast-missed-person = { $name } — { $organisation } — { $reason }
broadcast-missed-group = Group “{ $title }” — { $reason }
broadcast-missed-no-organisation = no organisation
broadcast-reason-blocked = blocked the bot
broadcast-reason-removed = the bot was removed from the group
broadcast-reason-failed = sending failed
broadcast-orgs-title = <b>Organisations informed</b> (at least one person or group of the organisation received it)
broadcast-orgs-yes = ✅ { $name }
broadcast-orgs-no = ❌ { $name }
broadcast-orgs-total = { $informed } of { $total } organisations informed.
broadcast-orgs-none = This broadcast's audience has no organisations.

# The list of broadcasts: /broadcasts.

broadcasts-title = <b>Recent broadcasts</b>
broadcasts-empty = No broadcasts yet. A new announcement: /announce.
broadcasts-item =
    { $date } — “{ $preview }”
    Delivered { $delivered } of { $total }, did not get it: { $missed }, queued: { $pending }
broadcasts-button = { $date } · { $preview }
broadcasts-no-text = no caption
