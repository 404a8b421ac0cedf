# Журнал действий: /audit — кто, что и когда менял.

command-audit = Журнал действий

audit-title = <b>Журнал действий</b>
audit-filters-none = Фильтр не задан: все записи, сначала новые.
audit-filters = Фильтр: { $filters }
audit-found = Записей: { $count }
audit-empty = Записей нет. Попробуйте изменить или сбросить фильтр.
audit-part-kind = раздел — { $kind }
audit-part-person = человек — { $name }
audit-entry-head = <b>{ $when }</b> · { $who }
audit-system = бот (автоматически)
audit-nameless = без имени (данные удалены или не указаны)
audit-nameless-numbered = без имени (№ { $id })

audit-filter-kind-any = Раздел: все
audit-filter-kind = Раздел: { $kind }
audit-filter-person-any = Человек: все
audit-filter-person = Человек: { $name }
audit-button-clear = Сбросить фильтр
audit-button-export = Выгрузить в Excel
audit-pick-kind = Записи какого раздела показать?
audit-pick-person = Чьи записи показать? Показываются действия человека и действия над ним.
audit-pick-nobody = В журнале пока нет ни одного человека.
audit-choose-any-kind = Все разделы
audit-choose-any-person = Все люди

audit-kind-people = Участники
audit-kind-invites = Приглашения
audit-kind-registry = Реестр
audit-kind-groups = Группы
audit-kind-events = Мероприятия
audit-kind-broadcasts = Рассылки
audit-kind-other = Прочее

audit-do-member-consented = Дано согласие на обработку данных по приглашению ({ $role }): { $object }
audit-do-member-bootstrap-methodologist = Вход методиста из списка администраторов: { $object }
audit-do-member-registered = Регистрация завершена: { $object }
audit-do-member-profile-changed = Изменён профиль: { $object }
audit-do-member-forgotten = Данные человека удалены по его просьбе
audit-do-member-role-changed = Смена роли: { $object }, { $old } → { $new }
audit-do-member-deactivated = Закрыт доступ: { $object }
audit-do-member-reactivated = Возвращён доступ: { $object }
audit-do-members-exported = Выгрузка списка участников в Excel: { $count ->
    [one] { $count } человек
    [few] { $count } человека
   *[many] { $count } человек
}
audit-do-members-reconfirm-asked = Запрос «Ваши данные актуальны?»: { $count ->
    [one] { $count } человек
    [few] { $count } человека
   *[many] { $count } человек
}
audit-do-mentor-paired = Пара наставничества: наставник { $mentor }, молодой специалист { $mentee }
audit-do-mentor-unpaired = Пара наставничества разорвана: наставник { $mentor }, молодой специалист { $mentee }
audit-do-association-head-set = Назначен руководитель объединения «{ $association }»: { $object }
audit-do-association-head-cleared = Снят руководитель объединения «{ $association }»: { $object }
audit-do-invite-created = Создано приглашение: { $role }
audit-do-invite-revoked = Отозвано приглашение: { $role }
audit-do-organisation-create = Добавлена организация: { $object }
audit-do-organisation-rename = Переименована организация: { $object }
audit-do-organisation-archive = Организация убрана в архив: { $object }
audit-do-association-create = Добавлено объединение: { $object }
audit-do-association-rename = Переименовано объединение: { $object }
audit-do-association-archive = Объединение убрано в архив: { $object }
audit-do-registry-import = Загрузка реестра из файла: организаций — { $organisations }, объединений — { $associations }
audit-do-chat-bind = Группа привязана: { $object }
audit-do-chat-rebind = Группа привязана по-новому: { $object }
audit-do-chat-restore = Привязка группы восстановлена: { $object }
audit-do-chat-unbind = Группа отвязана: { $object }
audit-do-chat-bot-added = Бот добавлен в группу: { $object }
audit-do-chat-bot-removed = Бот удалён из группы: { $object }
audit-do-chat-migrate = Группа стала супергруппой: { $object }
audit-do-chat-migrate-superseded = Привязка заменена после перехода группы в супергруппу: { $object }
audit-do-chat-retitle = Группа переименована: { $before } → { $after }
audit-do-event-published = Опубликовано мероприятие: { $object }
audit-do-event-changed = Изменено мероприятие: { $object }
audit-do-event-cancelled = Отменено мероприятие: { $object }
audit-do-broadcast-sent = Разослано объявление
audit-do-audit-exported = Выгрузка журнала действий в Excel: { $count ->
    [one] { $count } запись
    [few] { $count } записи
   *[many] { $count } записей
}
audit-do-unknown = Действие «{ $action }»

audit-export-caption = Журнал действий: { $count ->
    [one] { $count } запись
    [few] { $count } записи
   *[many] { $count } записей
}.
audit-export-sheet = Журнал действий
audit-col-when = Когда
audit-col-who = Кто
audit-col-kind = Раздел
audit-col-what = Что сделано

audit-error-person-gone = Этого человека больше нет в журнале. Откройте /audit заново.
