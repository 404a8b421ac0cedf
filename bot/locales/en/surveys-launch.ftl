## Launching surveys: /survey_new, /surveys, /survey_templates, the October campaign.

survey-launch-error-not-allowed = Surveys are launched and followed by a methodologist or an organisation's coordinator.
survey-launch-error-no-template = There is no such template. Pick a template from the list again: /survey_new
survey-launch-error-not-yaml = Send the template as a file ending in .yaml or .yml.
survey-launch-error-too-large = The template file is too large: at most { $limit } KB.
survey-launch-error-not-utf8 = The file could not be read: save it as UTF-8 and send it again.
survey-launch-error-builtin-key = The key “{ $template }” belongs to a built-in template. Give yours another key (the key: line) and send it again.
survey-launch-error-opens-past = The opening time has passed. Type a time in the future or press “Now”.
survey-launch-error-closes-before = A survey must close after it opens. Type a later closing date.
survey-launch-error-not-found = Survey not found. The list of surveys: /surveys
survey-launch-error-closed = The survey is already closed.
survey-launch-error-extend-earlier = The new closing date must be later than the current one.

survey-summary-heading = 📊 <b>{ $title }</b>: response rate (open until { $closes })
survey-summary-overall = In all: { $done } of { $total } answered.
survey-summary-org = • { $name }: { $done } of { $total }
survey-summary-no-org = no organisation

## /survey_new

survey-new-intro = <b>New survey.</b> Pick a template, whom to ask, when it opens and closes; before launching I will show how many it reaches. To stop — /cancel.
survey-new-ask-template =
    Which survey to launch? The built-in templates are our samples; upload your own with /survey_templates.
    Launching a template again makes a new wave: the waves' results can be compared.

survey-new-template-wave = • “{ $title }” — wave { $wave }: last launched { $last }
survey-new-chosen-template = Template: { $title }
survey-new-audience-title = <b>Whom to ask?</b>
survey-new-audience-hint = Set the audience with the buttons below and press “Next”. Groups do not matter here: each person is invited personally.
survey-new-chosen-audience = Whom to ask: { $audience }
survey-new-ask-opens =
    When does the survey open? Press “Now” or type a date and time.
    For example: { $example_date } 09:00 or “tomorrow”.
survey-new-now = at once
survey-new-chosen-now = Opens: at once
survey-new-chosen-opens = Opens: { $opens }
survey-new-ask-closes =
    When does the survey close? Type a date — it stays open to the end of that day, 23:59 — or press the button below.
    For example: { $example_date }
survey-new-chosen-closes = Closes: { $closes }
survey-new-preview-title = <b>Survey “{ $title }”</b>
survey-new-preview-anonymous = Anonymous: answers are not linked to names.
survey-new-preview-named = Named: answers are seen with names.
survey-new-preview-questions = { $count ->
    [one] { $count } question
   *[other] { $count } questions
}
survey-new-preview-when = Open: { $opens } — { $closes }. Reminders go only to those who have not answered.
survey-new-preview-ask = Launch it?
survey-new-preview-refused =
    It cannot be launched like this: { $reason }
    What to change?
survey-new-launched = 🚀 Survey “{ $title }” (wave { $wave }) launched: invitations sent, it closes { $closes }. Follow the answers — /surveys.
survey-new-scheduled = 🕘 Survey “{ $title }” (wave { $wave }) opens { $opens } and closes { $closes }. Follow the answers — /surveys.
survey-new-already-launched = This survey has already been launched. The surveys — /surveys.
survey-new-edit-ask = What to change?
survey-new-editing = Changing it.
survey-new-edit-nothing = Nothing changed.
survey-new-cancelled = The survey was not launched.
survey-new-text-expected = Type the date as text.
survey-new-use-buttons = Choose with a button under the message, or stop — /cancel.
survey-new-button-cancel = Cancel
survey-new-button-next = Next
survey-new-button-now = Now
survey-new-button-default-close = Until { $day }
survey-new-button-launch = 🚀 Launch
survey-new-button-edit = Change
survey-new-button-back = ← Back to the preview
survey-new-field-template = Template
survey-new-field-audience = Whom to ask
survey-new-field-opens = When it opens
survey-new-field-closes = When it closes

## /surveys

survey-admin-none = No open or recent surveys. Launch one — /survey_new.
survey-admin-list = <b>Surveys</b> — open ones and those closed in the last month. Press a survey to open its card.
survey-admin-item = • { $title } — { $done } of { $total } answered (until { $closes })
survey-admin-rate = { $done } of { $total } answered.
survey-admin-declined = Declined the consent: { $count } — not reminded unless they agree.
survey-admin-card-wave = Wave { $wave } · { $state }
survey-admin-card-when = Open: { $opens } — { $closes }
survey-admin-card-anonymous = Anonymous
survey-admin-card-named = Named
survey-admin-card-results = Results — with /results.
survey-admin-state-open = running
survey-admin-state-waiting = not open yet
survey-admin-state-closed = closed
survey-admin-state-closed-early = closed early
survey-admin-button-nudge = ⏰ Remind those behind
survey-admin-button-extend = Extend
survey-admin-button-close = Close early
survey-admin-button-close-yes = Yes, close it
survey-admin-button-close-no = No, keep it
survey-admin-close-ask = Close the survey “{ $title }” now? Nobody will be able to answer it, reminders stop.
survey-admin-closed = The survey is closed.
survey-admin-nudged = { $count ->
    [one] The reminder went to { $count } person.
   *[other] The reminder went to { $count } people.
}
survey-admin-extend-ask =
    Until which day to extend the survey? Type a date — it stays open to the end of that day, 23:59.
    For example: { $example_date }
survey-admin-extended = The survey “{ $title }” is extended until { $closes }. Reminders moved.

## /survey_templates

survey-templates-list =
    <b>Survey templates.</b> The built-in ones are our samples, meant to be adapted: press a template to download it as a YAML file.
    To add your own template or replace an uploaded one, send a .yaml file (at most { $limit } KB) here.
survey-templates-item-builtin = ⬇️ { $title } (built-in)
survey-templates-item = ⬇️ { $title }
survey-templates-file-expected = Send the template as a .yaml file, or stop — /cancel.
survey-templates-download-failed = The file could not be fetched. Send it again.
survey-templates-stored = ✅ Template “{ $title }” (key { $template }) stored: launch it with /survey_new.
survey-templates-replaced = ✅ Template “{ $title }” (key { $template }) replaced. Surveys already launched do not change.
