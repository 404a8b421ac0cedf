# Group chats: binding a group to the bot, the list of groups, the bot added or removed.

chats-greeting =
    Hello! I am the methodological service's bot. I will post announcements of events, deadline reminders and weekly digests in this group.

    So that I know whom this group is for, a methodologist should send /bind@{ $bot } here and choose the answer with a button.
chats-greeting-restorable =
    Hello again! I am the methodological service's bot.

    This group used to be bound to: { $what }. That binding is not active now, and I post nothing here. To restore it or choose another one, a methodologist should send /bind@{ $bot } here.
chats-greeting-bound =
    Hello! I am the methodological service's bot. This group is bound to: { $what }. Announcements, deadline reminders and weekly digests will come here.

chats-bind-ask = Whom is this group for? Choose, and I will post announcements, deadline reminders and digests for these people here.
chats-bind-replace-ask = This group is already bound to: { $what }. Replace the binding?
chats-bind-ask-level = Heads of associations of which level?
chats-bind-ask-association = Members of which association? Choose it in the list.
chats-bind-ask-organisation = Staff of which organisation? Choose it in the list.
chats-bind-none-association = There are no active associations in the registry yet. When there are, send /bind again.
chats-bind-none-organisation = There are no active organisations in the registry yet. When there are, send /bind again.
chats-bind-cancelled = All right, the group's binding has not changed.
chats-bound =
    Done! The group «{ $title }» is bound to: { $what }.
    From now on announcements, deadline reminders and weekly digests for { $whom } will come here.
chats-unbound =
    The binding is removed. Announcements, reminders and digests for { $whom } will no longer come here.
    To bind the group again, send /bind@{ $bot }.

chats-kind-heads_all = Heads of all associations
chats-kind-heads_level = Heads of associations of one level
chats-kind-association = Members of one association
chats-kind-organisation = Staff of one organisation
chats-button-replace = Replace
chats-button-keep = Keep as it is
chats-button-restore = Restore the earlier binding ({ $what })

chats-level-school = school (ШМО)
chats-level-municipal = municipal (ГМО)
chats-level-district = district (РМО)

# Who receives the group's messages: "The group is bound to: …".
chats-what-heads_all = heads of all methodological associations
chats-what-heads_level = heads of { $level } associations
chats-what-association = members of the association «{ $name }»
chats-what-organisation = staff of the organisation «{ $name }»
# The same after "for": "digests for …".
chats-for-heads_all = the heads of all methodological associations
chats-for-heads_level = the heads of { $level } associations
chats-for-association = the members of the association «{ $name }»
chats-for-organisation = the staff of the organisation «{ $name }»
chats-target-missing = (removed from the registry)
chats-target-archived = , archived

chats-private-howto =
    /bind and /unbind are sent in the group itself, not in the private chat with me.

    How to bind a group:
    1. Add me to the group: in its settings choose "Add members" and find @{ $bot }.
    2. Send /bind@{ $bot } in the group.
    3. Choose with a button whom the group is for.

    To unbind a group, send /unbind@{ $bot } there. The list of bound groups: /groups.

chats-groups = Groups bound to the bot: { $count }
chats-groups-own = Groups of your organisation and its associations: { $count }
chats-groups-empty = No group is bound yet. To bind a group, add me to it and send /bind@{ $bot } there.
chats-groups-empty-own = No group is bound to your organisation or its associations yet. A methodologist can bind one.
chats-groups-item =
    <b>{ $title }</b>
    { $what }
    { $status }
chats-groups-active = Active, bound on { $bound }
chats-groups-ended-unbind = Inactive since { $since }: the binding was removed (bound on { $bound })
chats-groups-ended-bot_removed = Inactive since { $since }: the bot was removed from the group (bound on { $bound })
chats-groups-ended-migrate_superseded = Inactive since { $since }: the group became a supergroup and was bound anew (bound on { $bound })
chats-groups-ended-other = Inactive since { $since } (bound on { $bound })

chats-error-changed = While you were choosing, this group's binding changed. Send /bind again.
chats-error-not-bound = This group is not bound now: there is nothing to remove.
chats-error-association-gone = This association is no longer in the registry. Choose another option.
chats-error-association-archived = This association is archived: a group cannot be bound to it. Choose another option.
chats-error-organisation-gone = This organisation is no longer in the registry. Choose another option.
chats-error-organisation-archived = This organisation is archived: a group cannot be bound to it. Choose another option.
