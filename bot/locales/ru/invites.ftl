# Приглашения: /invite и /invites.

invite-ask-role = Кого приглашаем?
invite-ask-organisation = Из какой организации? Можно без организации — например, для руководителя ГМО.
invite-no-organisation = Без организации
invite-ask-head-of = Руководителем какого объединения будет приглашённый? Отметьте и нажмите «Далее».
invite-ask-associations = В какие объединения войдёт приглашённый? Можно отметить несколько или ни одного — тогда он выберет сам.
invite-associations-done = Далее
invite-summary =
    <b>Приглашение</b>
    Роль: { $role }
    Организация: { $organisation }
    Объединения: { $associations }

    Проверьте срок действия и число использований и нажмите «Создать».
invite-button-days = Срок: { $days }
invite-button-uses = Использований: { $uses }
invite-uses-unlimited = без ограничения
invite-create = Создать
invite-link =
    Ссылка-приглашение (перешлите её человеку или в чат):
    { $link }
invite-qr-caption =
    <b>ШМО-бот: приглашение</b>
    { $role }{ $organisation }
    Наведите камеру телефона на QR-код или откройте ссылку:
    { $link }
invite-description =
    { $role } · { $organisation }
    Объединения: { $associations }
    Действует до { $expires } · { $uses }
invite-used-of = использовано { $used } из { $limit }
invite-used-unlimited = использовано { $used }, без ограничения
invite-list-title = Действующих приглашений: { $count }
invite-list-empty = Действующих приглашений нет. Создать — /invite.
invite-list-none = Действующих приглашений нет. Создать — /invite.
invite-used-title = Использованные приглашения, созданные за последние { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
}: { $count }
invite-used-by = Кто воспользовался: { $names }
invite-user-unfinished = профиль ещё не заполнен
invite-revoke = Отозвать { $label }
invite-revoke-ask = Отозвать это приглашение? Ссылка перестанет работать; те, кто уже зарегистрировался по ней, останутся.
invite-revoke-yes = Да, отозвать
invite-revoked = Приглашение отозвано.
invite-gone = Этого приглашения уже нет среди действующих.

invite-error-unknown = Такого приглашения нет. Проверьте, что ссылка скопирована целиком, или попросите у методиста новую.
invite-error-revoked = Это приглашение отозвано. Попросите у методиста новую ссылку.
invite-error-expired = Срок действия приглашения истёк. Попросите у методиста новую ссылку.
invite-error-used-up = По этому приглашению уже зарегистрировались все, кому оно предназначалось. Попросите у методиста новую ссылку.
invite-error-already-member = Вы уже зарегистрированы. Посмотреть и поправить свои данные — /me; сменить роль или объединение может методист.
invite-error-start-again = Заполнение профиля прервано. Откройте ссылку-приглашение ещё раз.
invite-error-needs-organisation = Для школьного координатора нужно выбрать организацию.
invite-error-association-elsewhere = Это школьное объединение другой организации.
invite-error-stale = Эта кнопка устарела. Начните заново: /invite.
