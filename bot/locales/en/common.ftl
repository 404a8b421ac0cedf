# Common texts: roles, hints, errors.

role-methodologist = methodologist
role-coordinator = school coordinator
role-head = head of an association
role-teacher = teacher

fallback-unknown-command = I don't know this command. The list of commands: /help.
fallback-free-text = I understand commands and buttons. What I can do: /help.
fallback-unexpected-input = I am waiting for an answer to the question above. To stop, send /cancel.
fallback-button-outdated = This button no longer works.

cancel-done = Cancelled.
cancel-nothing = Nothing to cancel: nothing is being filled in now.

error-unexpected = Something went wrong and I could not do that. Nothing was saved. Please try again a little later; if it happens again, write to your methodologist.
error-domain = This cannot be done right now.
error-not-allowed = You are not allowed to do this.
error-not-found = I could not find it: perhaps it has been deleted.

# Plural forms for numbers; used by other texts.
days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
people = { $count ->
    [one] { $count } person
   *[other] { $count } people
}

error-only-methodologist = Only a methodologist can do this.
error-only-staff = Only a methodologist or a school coordinator can do this.
error-other-organisation = A school coordinator works with its own organisation only.
error-no-organisation = Your profile has no organisation, so there is nothing to show. Ask a methodologist to set it on your card.
error-stale-button = This button is out of date. Open the section again.
error-not-your-button = This button is not for you.

nav-prev = ‹ Back
nav-next = Next ›
nav-page = { $page } of { $pages }
button-back = ‹ Back
button-cancel = Cancel
button-yes = Yes
button-no = No
