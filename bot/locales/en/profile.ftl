# Profile (/me), erasing data (/forget), the twice-yearly check of details.

profile-title = <b>Your profile</b>
profile-name = Full name: { $value }
profile-role = Role: { $value }
profile-organisation = Organisation: { $value }
profile-associations = Associations: { $value }
profile-head-mark = {" "}(head)
profile-year = Teaching career started: { $value }
profile-young-specialist = You are a young specialist.
profile-mentor-yes = Mentor: yes
profile-mentor-no = Mentor: no
profile-mentors = Your mentor: { $value }
profile-mentees = You mentor: { $value }
profile-language = Language: { $value }
profile-none = not given
profile-edit-name = Change name
profile-edit-organisation = Organisation
profile-edit-associations = Associations
profile-edit-year = Career start
profile-edit-mentor = Mentor
profile-edit-language = Язык / Language
profile-forget = Delete my data
profile-ask-name = Type your new full name.
profile-ask-associations = Mark the associations you belong to:
profile-ask-language = Choose the language:
profile-saved = Saved.
profile-error-name-empty = The name cannot be empty. Type, for example: Anna Petrova.
profile-error-name-too-long = Too long: { $length } characters, at most { $limit } allowed. Type just your full name.
profile-error-name-no-letters = A name needs letters. Type, for example: Anna Petrova.
profile-error-year-future = { $year } has not come yet. Give the year you started working as a teacher.
profile-error-year-too-early = Give a year no earlier than { $first }.
profile-error-year-format = A year in four digits is needed, e.g. 2012.
profile-error-ask-methodologist = The organisation and associations of heads and coordinators are changed by a methodologist: please write to them.
profile-error-head-stays = You are the head of this association. A methodologist can take that role off.
profile-error-stale = This button is out of date. Open the profile again: /me.
language-ru = Русский
language-en = English

forget-ask =
    Delete your data? I will erase your name, Telegram id, organisation, associations, career start and mentor pairs. What you handed to others (such as minutes) stays, signed "deleted participant".

    This cannot be undone; you can come back with a new invitation.
forget-confirm = Yes, delete my data
forget-keep = No, keep it
forget-done = Your data has been deleted. Thank you for being with us! You can come back with an invitation link.
forget-kept = Fine, nothing is deleted.
forget-kept-unfinished = Fine, nothing is deleted. To go on filling in your profile: /start.

reconfirm-ask = Please check your details: is everything still right?
reconfirm-change = Change
reconfirm-thanks = Thank you! Your details are marked as up to date.
