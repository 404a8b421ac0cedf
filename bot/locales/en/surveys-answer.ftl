## Answering a survey in the chat.

survey-answer-anonymous = 🔒 This survey is anonymous: answers are kept apart from your name and reports cannot link them to you.
survey-answer-named = This survey is named: methodologists see the answers.
survey-answer-consent = <b>Consent</b>
    { $text }
survey-answer-button-start = ▶️ Start
survey-answer-button-agree = ✅ I agree
survey-answer-button-decline = ❌ I do not agree
survey-answer-counter = Question { $n } of { $total }
survey-answer-current = Your answer: { $answer }
survey-answer-hint-text = Type your answer as a message.
survey-answer-hint-number = Type a number as a message.
survey-answer-hint-number-range = Type a number from { NUMBER($min, useGrouping: 0, maximumFractionDigits: 6) } to { NUMBER($max, useGrouping: 0, maximumFractionDigits: 6) } as a message.
survey-answer-hint-date = Type a date as a message, e.g. 25.10.2026.
survey-answer-hint-scale = 1 — { $low }, 5 — { $high }.
survey-answer-hint-multi = Tick all that apply and press “Done”.
survey-answer-hint-multi-max = Tick up to { $limit } { $limit ->
    [one] option
   *[other] options
} and press “Done”.
survey-answer-hint-other = Type your own option as a message.
survey-answer-button-done = Done
survey-answer-button-back = ◀️ Back
survey-answer-button-skip = Skip
survey-answer-button-later = ⏸ Continue later
survey-answer-button-edit = ✏️ Change { $n }: { $text }
survey-answer-button-send = 📨 Send
survey-answer-button-resume = ▶️ Continue
survey-answer-button-reconsider = 📝 Take the survey
survey-answer-button-route = 📄 My route (DOCX)
survey-answer-review = Check your answers before sending:
survey-answer-review-hint = All correct? Press “Send”. To change an answer, press “Change” with its number.
survey-answer-later = Your answers to “{ $title }” are saved. Continue with the button below or with “📝 Take the survey” in the invitation.
survey-answer-declined = You did not give your consent, so the survey “{ $title }” has not begun and none of your answers are kept.
    If you change your mind, press “📝 Take the survey” below or in the invitation while the survey is open.
survey-answer-thanks = Thank you! Your answers are sent.
    Survey “{ $title }” is done.
survey-answer-profile = <b>Your profile</b>: most difficult — { $difficult }; strengths — { $strong }.
survey-answer-profile-none = none found
survey-answer-events = Upcoming events that fit you according to the diagnostics:

## Individual learning route (DOCX).

survey-route-title = Individual learning route
survey-route-difficult = Areas of difficulty
survey-route-strong = Strengths
survey-route-events = Recommended events
survey-route-event = { $when } — { $title }
survey-route-none = none found
survey-route-no-events = No fitting events yet: they will appear in the calendar.
survey-route-mentor = Mentor
survey-route-no-mentor = not assigned
survey-route-file = route.docx
survey-route-file-of = route — { $name }.docx
survey-route-caption = Your individual learning route.

## Refusals.

survey-error-not-open-yet = Survey “{ $title }” has not started yet: it opens on { $opens }.
survey-error-closed = Survey “{ $title }” is closed ({ $closed }): answers are no longer accepted.
survey-error-already-answered = You have already answered “{ $title }”. You cannot answer twice.
survey-error-stale = This button belongs to another question or survey. Answer the question in the latest survey message.
survey-error-missing = { $count ->
    [one] A required question is
   *[other] Required questions are
} not answered: { $questions }. Press “Change” and answer.
survey-error-other-text = You chose “Other” — type your own option as a message.
survey-error-choose-something = Choose at least one option.
survey-error-required = This question is required and cannot be skipped.
survey-error-text-expected = A text answer (or a button under the question) is expected here. Photos, stickers and files are not accepted in a survey.
survey-error-consent-first = First answer the consent under the description of the survey “{ $title }”: “✅ I agree” or “❌ I do not agree”. No answers are taken without consent.
survey-error-no-route = There is no route: it is made from the named diagnostics the person took. Anonymous surveys never lead to a person.
survey-error-no-profile = Your profile appears after you complete the named diagnostics.
