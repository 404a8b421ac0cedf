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
