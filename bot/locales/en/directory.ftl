# Members directory: /members, the card, roles, heads, mentors, export.

directory-title = <b>Members</b>
directory-filters-none = No filter: everyone who finished registering is shown. Those still filling in their profile: the «Not registered» button.
directory-filters = Filter: { $filters }
directory-found = Found: { $count ->
    [one] { $count } person
   *[other] { $count } people
}
directory-empty = Nobody found. Try changing or clearing the filter.

directory-part-role = role — { $role }
directory-part-organisation = organisation — { $name }
directory-part-association = association — { $name }
directory-part-young = young specialists
directory-part-mentors = mentors
directory-part-unregistered = registration not finished
directory-part-unreachable = messages do not arrive
directory-part-deactivated = access closed

directory-filter-role-any = Role: any
directory-filter-role = Role: { $role }
directory-filter-organisation-any = Organisation: all
directory-filter-organisation = Organisation: { $name }
directory-filter-association-any = Association: all
directory-filter-association = Association: { $name }
directory-filter-young = Young specialists
directory-filter-mentors = Mentors
directory-filter-unregistered = Not registered
directory-filter-unreachable = Unreachable
directory-filter-deactivated = Access closed
directory-filter-on = ✓ { $label }
directory-button-clear-filters = Clear the filter
directory-button-export = Export to Excel

directory-pick-role = Whom to show? Choose a role.
directory-pick-organisation = Choose an organisation.
directory-pick-association = Choose a methodological association.
directory-pick-nothing = Nothing to choose from yet: the list is empty.
directory-choose-any-role = Any role
directory-choose-any-organisation = All organisations
directory-choose-any-association = All associations

directory-card-title = <b>{ $name }</b>
directory-card-role = Role: { $role }
directory-card-organisation = Organisation: { $name }
directory-card-no-organisation = Organisation: not given
directory-card-associations = Associations: { $names }
directory-card-no-associations = Associations: none
directory-card-head-mark = { $name } (head)
directory-card-career = Teaching since: { $year }
directory-card-career-young = Teaching since: { $year }, young specialist
directory-card-no-career = Teaching since: not given
directory-card-mentor-yes = Mentor: yes
directory-card-mentor-no = Mentor: no
directory-card-mentors = Mentored by: { $names }
directory-card-mentees = Mentees: { $names }
directory-card-reachable = Messages: arrive
directory-card-unreachable = Messages: do not arrive (the bot is blocked or unreachable)
directory-card-registered = Registration: finished
directory-card-unregistered = Registration: not finished
directory-card-inactive = Access to the bot is closed: the bot does not recognise this person.

directory-button-role = Change the role
directory-button-head = Heads of associations
directory-button-pick-mentor = Assign a mentor
directory-button-pick-mentee = Add a mentee
directory-button-unpair = Dissolve a pair
directory-button-deactivate = Close access
directory-button-reactivate = Give access back
directory-button-route = 📄 Route from the diagnostics (DOCX)
directory-route-caption = Individual learning route: { $name }.
directory-button-to-list = ‹ To the list
directory-button-to-card = ‹ To the card

directory-role-choose = Which role for { $name }? Now: { $role }.
directory-role-confirm = Change the role of { $name }: { $old } → { $new }?
directory-role-changed = Role changed: now { $role }.

directory-head-choose = { $name }: press an association to make them its head; press one marked ✓ to remove them as head.
directory-head-none = There are no associations { $name } could be made head of.
directory-head-on = ✓ { $name }
directory-head-set = Head assigned.
directory-head-cleared = Head removed.

directory-mentor-choose = Choose a mentor for { $name }.
directory-mentee-choose = { $name }: choose a young specialist for this mentor.
directory-pair-none = Nobody suitable in this organisation: { $name } cannot be paired with anyone.
directory-paired = The mentor and the young specialist are paired.
directory-unpair-choose = Which pair to dissolve? ({ $name })
directory-unpair-none = { $name } is in no pair.
directory-unpair-mentor = ✕ { $name } (mentor)
directory-unpair-mentee = ✕ { $name } (mentee)
directory-unpaired = The pair is dissolved.

directory-deactivate-confirm =
    Close access for { $name }?

    The bot will stop recognising this person: no mailings, no commands. The data stay; access can be given back on this same card.
directory-deactivated = Access closed.
directory-reactivated = Access given back.

directory-export-caption = List of members: { $count ->
    [one] { $count } person
   *[other] { $count } people
}.
directory-export-sheet = Members
directory-col-name = Full name
directory-col-role = Role
directory-col-organisation = Organisation
directory-col-associations = Associations
directory-col-head-of = Head of associations
directory-col-career-start = Teaching since
directory-col-young = Young specialist
directory-col-mentor = Mentor
directory-col-pairs = Mentees/Mentor
directory-col-reachable = Reachable
directory-col-registered = Registered
directory-yes = yes
directory-no = no

directory-error-member-gone = This person is no longer in the list. Open /members again.
directory-error-filter-gone = The organisation or association chosen in the filter no longer exists. Open /members again.
directory-error-association-gone = This association no longer exists.
directory-error-association-not-allowed = This person cannot be made head of «{ $name }»: it belongs to another organisation or is closed.
directory-error-inactive = Access to the bot is closed for { $name }. Give the access back first.
directory-error-own-role = You cannot change your own role: ask another methodologist.
directory-error-same-role = The role is unchanged: { $name } already has it.
directory-error-coordinator-needs-organisation = Only a person from an organisation can be a school coordinator, and { $name } has none.
directory-error-already-head = Already the head of «{ $name }».
directory-error-not-head = Not the head of «{ $name }»: nothing to remove.
directory-error-not-young = { $name } is not a young specialist: the first three academic years are over or the start year is not given.
directory-error-not-mentor = { $name } is not marked as a mentor.
directory-error-no-organisation = { $name } has no organisation, and pairs are made within one organisation.
directory-error-not-mentor-candidate = { $name } cannot be a mentor: it takes an experienced teacher or head.
directory-error-pair-other-organisation = The mentor and the young specialist must work in the same organisation.
directory-error-self-pair = Nobody can be their own mentor.
directory-error-already-paired = These two are already paired.
directory-error-pair-gone = This pair no longer exists.
directory-error-self-deactivate = You cannot close your own access.
directory-error-already-inactive = Access is already closed for { $name }.
directory-error-already-active = { $name } already has access.
