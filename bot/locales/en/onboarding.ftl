# Invitation, consent to personal data processing, filling in the profile.

onboarding-invited-by = You were invited by { $name } ({ $role }).
onboarding-welcome =
    Hello! I am the ШМО bot of the municipal methodological service. I send announcements of seminars, competitions and courses, remind of deadlines those who have not yet made it, run short surveys and collect the minutes of methodological associations' meetings.

    { $invited }
    Invitation: { $role }{ $organisation }.
onboarding-welcome-methodologist =
    Hello! I am the ШМО bot of the municipal methodological service. Your Telegram id is in the bot's settings, so you join as a methodologist without an invitation.
onboarding-consent =
    <b>Consent to personal data processing</b> (Federal Law 152-FZ)

    <b>What I store:</b> your full name, Telegram id, organisation, methodological associations, role, for teachers the year your teaching career started and the "mentor" mark, the interface language.
    <b>Why:</b> to send you the announcements, reminders and surveys that concern you, and so that the methodologist sees who received messages and who has done what was asked.
    <b>How long:</b> while you use the bot. Twice a year I will ask you to check your details.
    <b>How to withdraw:</b> the /forget command deletes your data at any time; what you have already handed to others (such as minutes) stays, signed "deleted participant".

    Do you agree?
onboarding-agree = I agree
onboarding-disagree = I do not agree
onboarding-declined = Fine, I have stored nothing about you. If you change your mind, open the invitation link again.
onboarding-resume = Let us go on with your profile.
onboarding-ask-name = Please type your full name as the methodologist and colleagues will see it. You can press the button below if it is right.
onboarding-name-saved = Saved: { $name }.
onboarding-ask-organisation = Choose your organisation:
onboarding-no-organisations = The list of organisations is empty yet. The methodologist will add it; then send /start again.
onboarding-ask-associations = Choose the methodological associations you belong to (several are fine) and press "Done".
onboarding-associations-done = Done
onboarding-skip = Skip
onboarding-ask-year = In which year did you start working as a teacher?
onboarding-year-earlier = Earlier: I will type it
onboarding-year-type = Type the year in four digits, e.g. 2012.
onboarding-ask-mentor = Are you a mentor of a young specialist?
onboarding-use-buttons = Choose with a button in the message above. To stop, send /cancel.
onboarding-done = Done, { $name }! You are registered: { $role }.
onboarding-expect-methodologist = Next: invite colleagues (/invite), fill in the registry of organisations and associations (/registry), bind the heads' groups (/bind in a group). All commands: /help.
onboarding-expect-coordinator = I will send you the announcements, deadlines and surveys that concern your organisation. To invite your school's teachers: /invite. All commands: /help.
onboarding-expect-head = I will send you announcements, deadline reminders (minutes, plans, materials for the methodological collection) and surveys for heads. All commands: /help.
onboarding-expect-teacher = I will send you announcements of seminars and competitions that suit you, and short surveys. To see or correct your profile: /me.
onboarding-error-consent-stale = This button is out of date: consent is given to the invitation you opened last. Open the invitation link again.
