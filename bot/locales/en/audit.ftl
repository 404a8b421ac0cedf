# The audit log: /audit — who changed what, and when.

command-audit = Audit log

audit-title = <b>Audit log</b>
audit-filters-none = No filter: every entry, newest first.
audit-filters = Filter: { $filters }
audit-found = Entries: { $count }
audit-empty = No entries. Try changing or clearing the filter.
audit-part-kind = section — { $kind }
audit-part-person = person — { $name }
audit-entry-head = <b>{ $when }</b> · { $who }
audit-system = the bot (automatically)
audit-nameless = no name (data erased or not given)
audit-nameless-numbered = no name (no. { $id })

audit-filter-kind-any = Section: all
audit-filter-kind = Section: { $kind }
audit-filter-person-any = Person: anyone
audit-filter-person = Person: { $name }
audit-button-clear = Clear filter
audit-button-export = Export to Excel
audit-pick-kind = Which section's entries?
audit-pick-person = Whose entries? Shown are the person's actions and actions on the person.
audit-pick-nobody = Nobody appears in the log yet.
audit-choose-any-kind = All sections
audit-choose-any-person = Anyone

audit-kind-people = Members
audit-kind-invites = Invitations
audit-kind-registry = Registry
audit-kind-groups = Groups
audit-kind-events = Events
audit-kind-broadcasts = Announcements
audit-kind-other = Other

audit-do-member-consented = Consent to data processing given through an invitation ({ $role }): { $object }
audit-do-member-bootstrap-methodologist = Methodologist joined from the administrators list: { $object }
audit-do-member-registered = Registration finished: { $object }
audit-do-member-profile-changed = Profile changed: { $object }
audit-do-member-forgotten = A person's data erased at their request
audit-do-member-role-changed = Role changed: { $object }, { $old } → { $new }
audit-do-member-deactivated = Access closed: { $object }
audit-do-member-reactivated = Access restored: { $object }
audit-do-members-exported = Members list exported to Excel: { $count ->
    [one] { $count } person
   *[other] { $count } people
}
audit-do-members-reconfirm-asked = "Are your details still right?" asked: { $count ->
    [one] { $count } person
   *[other] { $count } people
}
audit-do-mentor-paired = Mentoring pair: mentor { $mentor }, young specialist { $mentee }
audit-do-mentor-unpaired = Mentoring pair dissolved: mentor { $mentor }, young specialist { $mentee }
audit-do-association-head-set = Made head of «{ $association }»: { $object }
audit-do-association-head-cleared = No longer head of «{ $association }»: { $object }
audit-do-invite-created = Invitation created: { $role }
audit-do-invite-revoked = Invitation revoked: { $role }
audit-do-organisation-create = Organisation added: { $object }
audit-do-organisation-rename = Organisation renamed: { $object }
audit-do-organisation-archive = Organisation archived: { $object }
audit-do-association-create = Association added: { $object }
audit-do-association-rename = Association renamed: { $object }
audit-do-association-archive = Association archived: { $object }
audit-do-registry-import = Registry loaded from a file: { $organisations } organisations, { $associations } associations
audit-do-chat-bind = Group bound: { $object }
audit-do-chat-rebind = Group bound anew: { $object }
audit-do-chat-restore = Group binding restored: { $object }
audit-do-chat-unbind = Group unbound: { $object }
audit-do-chat-bot-added = Bot added to a group: { $object }
audit-do-chat-bot-removed = Bot removed from a group: { $object }
audit-do-chat-migrate = Group became a supergroup: { $object }
audit-do-chat-migrate-superseded = Binding replaced after the group became a supergroup: { $object }
audit-do-chat-retitle = Group renamed: { $before } → { $after }
audit-do-event-published = Event published: { $object }
audit-do-event-changed = Event changed: { $object }
audit-do-event-cancelled = Event cancelled: { $object }
audit-do-broadcast-sent = Announcement sent
audit-do-audit-exported = Audit log exported to Excel: { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}
audit-do-unknown = Action «{ $action }»

audit-export-caption = Audit log: { $count ->
    [one] { $count } entry
   *[other] { $count } entries
}.
audit-export-sheet = Audit log
audit-col-when = When
audit-col-who = Who
audit-col-kind = Section
audit-col-what = What was done

audit-error-person-gone = This person is no longer in the log. Open /audit again.
