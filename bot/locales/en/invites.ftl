# Invitations: /invite and /invites.

invite-ask-role = Whom do we invite?
invite-ask-organisation = From which organisation? No organisation is fine too, e.g. for the head of a municipal association.
invite-no-organisation = No organisation
invite-ask-head-of = Which association will the invited person head? Mark it and press "Next".
invite-ask-associations = Which associations will the invited person join? Mark several or none; then they choose themselves.
invite-associations-done = Next
invite-summary =
    <b>Invitation</b>
    Role: { $role }
    Organisation: { $organisation }
    Associations: { $associations }

    Check the validity and the number of uses and press "Create".
invite-button-days = Valid for: { $days }
invite-button-uses = Uses: { $uses }
invite-uses-unlimited = unlimited
invite-create = Create
invite-link =
    Invitation link (forward it to the person or to a chat):
    { $link }
invite-qr-caption =
    <b>ШМО bot: invitation</b>
    { $role }{ $organisation }
    Point your phone's camera at the QR code or open the link:
    { $link }
invite-description =
    { $role } · { $organisation }
    Associations: { $associations }
    Valid until { $expires } · { $uses }
invite-used-of = used { $used } of { $limit }
invite-used-unlimited = used { $used }, unlimited
invite-list-title = Working invitations: { $count }
invite-list-empty = No working invitations. To create one: /invite.
invite-list-none = No working invitations. To create one: /invite.
invite-used-title = Used invitations made in the last { $days ->
    [one] { $days } day
   *[other] { $days } days
}: { $count }
invite-used-by = Used by: { $names }
invite-user-unfinished = profile not filled in yet
invite-revoke = Revoke { $label }
invite-revoke-ask = Revoke this invitation? The link will stop working; those who already joined with it stay.
invite-revoke-yes = Yes, revoke
invite-revoked = The invitation is revoked.
invite-gone = This invitation is no longer among the working ones.

invite-error-unknown = There is no such invitation. Check that the link was copied whole, or ask the methodologist for a new one.
invite-error-revoked = This invitation has been revoked. Ask the methodologist for a new link.
invite-error-expired = This invitation has expired. Ask the methodologist for a new link.
invite-error-used-up = Everyone this invitation was meant for has already joined. Ask the methodologist for a new link.
invite-error-already-member = You are already registered. To see or correct your details: /me; a methodologist can change your role or association.
invite-error-start-again = Filling in the profile was interrupted. Open the invitation link again.
invite-error-needs-organisation = A school coordinator needs an organisation.
invite-error-association-elsewhere = This school association belongs to another organisation.
invite-error-stale = This button is out of date. Start again: /invite.
