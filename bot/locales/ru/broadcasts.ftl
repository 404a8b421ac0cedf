# Рассылки: отчёт о доставке и ошибки.

broadcast-report-title-sending = <b>Рассылка идёт…</b>
broadcast-report-title-done = <b>Рассылка завершена</b>
broadcast-report-delivered = Доставлено: { $delivered } из { $total }
broadcast-report-pending = В очереди: { $count }
broadcast-report-failed = Не удалось отправить: { $count }
broadcast-report-unreachable = Недоступны (заблокировали бота, бот удалён из группы): { $count }
broadcast-report-informed = Информированы { $informed } из { $total } ОО (получил хотя бы один человек или группа ОО)
broadcast-button-missed = Кто не получил
broadcast-button-organisations = По организациям

broadcast-error-empty = Текст пустой. Напишите, что нужно разослать.
broadcast-error-too-long = Слишком длинно: { $length } знаков, а можно не больше { $limit } — сократите на { $excess }. Я не обрезаю сообщения сам.
broadcast-error-kind = Я рассылаю текст, фотографию или документ с подписью. Пришлите одно из этого.
broadcast-error-nobody = Эта аудитория сейчас никого не охватывает: выберите другую.

# Объявление: /announce.

announce-ask-content =
    <b>Новое объявление.</b>

    Пришлите его одним сообщением: текст (до 4096 знаков), фотографию с подписью или документ с подписью (подпись — до 1024 знаков). Жирный шрифт, курсив и ссылки сохранятся.

    Прервать — /cancel.
announce-ask-content-again = Пришлите новый текст, фотографию или документ с подписью — они заменят прежние. Прервать — /cancel.
announce-content-command = Это похоже на команду, а я жду само объявление. Пришлите текст, фотографию или документ — или /cancel, чтобы прервать.

announce-audience-title = <b>Кому отправить объявление?</b>
announce-audience-hint = Настройте получателей кнопками ниже и нажмите «Предпросмотр».
announce-audience-chosen = <b>Получатели выбраны.</b>
announce-audience-who = Кому: { $value }
announce-audience-where = Где: { $value }
announce-audience-groups = Группы: { $value }

announce-who-everyone = все
announce-who-roles = роли — { $roles }
announce-who-young = молодые специалисты
announce-who-mentors = наставники
announce-who-heads = руководители объединений
announce-roles-any = любые (ни одна не отмечена)
announce-none-chosen = ничего не отмечено

announce-where-all = весь муниципалитет
announce-where-own = вся ваша организация
announce-where-organisations = выбранные организации ({ $count })
announce-where-organisations-named = выбранные организации ({ $count }): { $names }
announce-where-kinds = виды ОО — { $kinds }
announce-where-associations = выбранные объединения ({ $count })
announce-where-associations-named = выбранные объединения ({ $count }): { $names }
announce-association-named = { $name } ({ $organisation })
announce-names-more = { $names } и ещё { $count }
announce-where-levels = уровни объединений — { $levels }

announce-kind-school = школы
announce-kind-kindergarten = ДОУ
announce-kind-additional = доп. образование
announce-kind-button-school = Школы
announce-kind-button-kindergarten = ДОУ
announce-kind-button-additional = Дополнительное образование
announce-level-school = ШМО
announce-level-municipal = ГМО
announce-level-district = РМО

announce-groups-none = не отправлять в группы
announce-groups-all = все подходящие группы
announce-groups-all-named = все подходящие ({ $count }): { $names }
announce-groups-all-none = все подходящие — таких групп нет
announce-groups-chosen = выбранные группы ({ $count })
announce-groups-chosen-named = выбранные группы ({ $count }): { $names }
announce-groups-chosen-none = выбранные группы — ни одна сейчас не привязана
announce-group-named = «{ $title }»

announce-who-title = Кому отправить объявление?
announce-who-button-everyone = Все
announce-who-button-young = Молодые специалисты
announce-who-button-mentors = Наставники
announce-who-button-heads = Руководители объединений
announce-where-title = Где? Выберите, чьим педагогам отправить объявление.
announce-groups-title =
    Отправить объявление и в группы?

    «Все подходящие» — группы, привязанные к выбранным в «Где» организациям и объединениям (а при «весь муниципалитет» — все привязанные группы).
announce-groups-button-none = Не отправлять в группы
announce-groups-button-all = Все подходящие группы

announce-pick-roles = Отметьте роли получателей (нажмите ещё раз, чтобы снять отметку).
announce-pick-kinds = Отметьте виды организаций.
announce-pick-levels = Отметьте уровни объединений.
announce-pick-organisations = Отметьте организации (нажмите ещё раз, чтобы снять отметку). Отмечено: { $count }.
announce-pick-associations = Отметьте объединения (нажмите ещё раз, чтобы снять отметку). Отмечено: { $count }.
announce-pick-chats = Отметьте группы (нажмите ещё раз, чтобы снять отметку). Отмечено: { $count }.
announce-pick-organisations-empty = В реестре пока нет организаций.
announce-pick-associations-empty = В реестре пока нет объединений.
announce-pick-chats-empty = Привязанных групп пока нет. Группу привязывают командой /bind в самой группе.

announce-button-who = Кому…
announce-button-where = Где…
announce-button-groups = Группы…
announce-button-preview = Предпросмотр ›
announce-button-cancel = Отмена
announce-button-back = ‹ Назад
announce-button-done = Готово
announce-button-to-menu = ‹ К получателям
announce-button-roles = Отдельные роли…
announce-button-all = Весь муниципалитет
announce-button-own = Вся моя организация
announce-button-organisations = Выбранные организации…
announce-button-kinds = Виды ОО…
announce-button-associations = Выбранные объединения…
announce-button-levels = Уровни объединений…
announce-button-chats = Выбрать группы…
announce-button-send = Отправить
announce-button-edit = Изменить
announce-button-edit-content = Текст объявления
announce-button-edit-audience = Получателей

announce-preview-title = <b>Выше — объявление в том виде, в каком его получат.</b>
announce-people = { $count ->
    [one] { $count } человек
    [few] { $count } человека
   *[many] { $count } человек
}
announce-group-count = { $count ->
    [one] { $count } группа
    [few] { $count } группы
   *[many] { $count } групп
}
announce-reach = Получат: { $people } (из них недоступны — заблокировали бота: { $unreachable }) и { $groups }.
announce-preview-ask = Отправить?
announce-edit-ask = Что изменить?
announce-sent = Объявление отправляется. Отчёт о доставке — ниже, он обновляется сам.
announce-already-sent = Это объявление уже отправлено, второй раз я его не пошлю.
announce-changed = После предпросмотра объявление изменилось. Нажмите «Предпросмотр» ещё раз.
announce-cancelled = Объявление отменено, ничего не отправлено.

# Отчёт: кто не получил, по организациям.

broadcast-missed-title = <b>Не получили объявление: { $count }</b>
broadcast-missed-none = Все, кому объявление уже отправлено, его получили.
broadcast-missed-person = { $name } — { $organisation } — { $reason }
broadcast-missed-group = Группа «{ $title }» — { $reason }
broadcast-missed-no-organisation = без организации
broadcast-reason-blocked = заблокировал бота
broadcast-reason-removed = бот удалён из группы
broadcast-reason-failed = ошибка отправки
broadcast-orgs-title = <b>Информированность организаций</b> (получил хотя бы один человек или группа ОО)
broadcast-orgs-yes = ✅ { $name }
broadcast-orgs-no = ❌ { $name }
broadcast-orgs-total = Информированы { $informed } из { $total } ОО.
broadcast-orgs-none = В аудитории этой рассылки нет организаций.

# Список рассылок: /broadcasts.

broadcasts-title = <b>Последние рассылки</b>
broadcasts-empty = Рассылок пока не было. Новое объявление — /announce.
broadcasts-item =
    { $date } — «{ $preview }»
    Доставлено { $delivered } из { $total }, не получили: { $missed }, в очереди: { $pending }
broadcasts-button = { $date } · { $preview }
broadcasts-no-text = без подписи
