# Справочник участников: /members, карточка, роли, руководители, наставники, выгрузка.

directory-title = <b>Участники</b>
directory-filters-none = Фильтр не задан: показаны все, кто завершил регистрацию. Кто ещё заполняет профиль — кнопка «Без регистрации».
directory-filters = Фильтр: { $filters }
directory-found = Найдено: { $count ->
    [one] { $count } человек
    [few] { $count } человека
   *[many] { $count } человек
}
directory-empty = Никого не нашлось. Попробуйте изменить или сбросить фильтр.

directory-part-role = роль — { $role }
directory-part-organisation = организация — { $name }
directory-part-association = объединение — { $name }
directory-part-young = молодые специалисты
directory-part-mentors = наставники
directory-part-unregistered = не завершили регистрацию
directory-part-unreachable = сообщения не доходят
directory-part-deactivated = доступ закрыт

directory-filter-role-any = Роль: любая
directory-filter-role = Роль: { $role }
directory-filter-organisation-any = Организация: все
directory-filter-organisation = Организация: { $name }
directory-filter-association-any = Объединение: все
directory-filter-association = Объединение: { $name }
directory-filter-young = Молодые специалисты
directory-filter-mentors = Наставники
directory-filter-unregistered = Без регистрации
directory-filter-unreachable = Недоступные
directory-filter-deactivated = С закрытым доступом
directory-filter-on = ✓ { $label }
directory-button-clear-filters = Сбросить фильтр
directory-button-export = Выгрузить в Excel

directory-pick-role = Кого показать? Выберите роль.
directory-pick-organisation = Выберите организацию.
directory-pick-association = Выберите методическое объединение.
directory-pick-nothing = Выбирать пока не из чего: список пуст.
directory-choose-any-role = Любая роль
directory-choose-any-organisation = Все организации
directory-choose-any-association = Все объединения

directory-card-title = <b>{ $name }</b>
directory-card-role = Роль: { $role }
directory-card-organisation = Организация: { $name }
directory-card-no-organisation = Организация: не указана
directory-card-associations = Объединения: { $names }
directory-card-no-associations = Объединения: нет
directory-card-head-mark = { $name } (руководитель)
directory-card-career = Начало педагогического стажа: { $year }
directory-card-career-young = Начало педагогического стажа: { $year }, молодой специалист
directory-card-no-career = Начало педагогического стажа: не указано
directory-card-mentor-yes = Наставник: да
directory-card-mentor-no = Наставник: нет
directory-card-mentors = Кто наставляет: { $names }
directory-card-mentees = Наставляемые: { $names }
directory-card-reachable = Сообщения: доходят
directory-card-unreachable = Сообщения: не доходят (бот заблокирован или недоступен)
directory-card-registered = Регистрация: завершена
directory-card-unregistered = Регистрация: не завершена
directory-card-inactive = Доступ к боту закрыт: бот не узнаёт этого человека.

directory-button-role = Сменить роль
directory-button-head = Руководство объединениями
directory-button-pick-mentor = Назначить наставника
directory-button-pick-mentee = Добавить наставляемого
directory-button-unpair = Разорвать пару
directory-button-deactivate = Закрыть доступ
directory-button-reactivate = Вернуть доступ
directory-button-route = 📄 Маршрут по диагностике (DOCX)
directory-route-caption = Индивидуальный образовательный маршрут: { $name }.
directory-button-to-list = ‹ К списку
directory-button-to-card = ‹ К карточке

directory-role-choose = { $name }: сейчас { $role }. Выберите новую роль.
directory-role-confirm = Сменить роль: { $name }, { $old } → { $new }?
directory-role-changed = Роль изменена: теперь { $role }.

directory-head-choose = { $name }: нажмите на объединение, чтобы назначить руководителем; нажмите на отмеченное ✓, чтобы снять.
directory-head-none = { $name }: нет объединений, руководителем которых можно назначить.
directory-head-on = ✓ { $name }
directory-head-set = Руководитель назначен.
directory-head-cleared = Руководитель снят.

directory-mentor-choose = { $name }: выберите наставника.
directory-mentee-choose = { $name }: выберите молодого специалиста, которого этот наставник будет сопровождать.
directory-pair-none = Подходящих людей в этой организации нет: { $name } не с кем поставить в пару.
directory-paired = Пара «наставник — молодой специалист» создана.
directory-unpair-choose = { $name }: какую пару разорвать?
directory-unpair-none = { $name }: пар нет.
directory-unpair-mentor = ✕ { $name } (наставник)
directory-unpair-mentee = ✕ { $name } (наставляемый)
directory-unpaired = Пара разорвана.

directory-deactivate-confirm =
    Закрыть доступ: { $name }?

    Бот перестанет узнавать этого человека: не будет присылать ему рассылки и отвечать на команды. Данные сохранятся, вернуть доступ можно в этой же карточке.
directory-deactivated = Доступ закрыт.
directory-reactivated = Доступ возвращён.

directory-export-caption = Список участников: { $count ->
    [one] { $count } человек
    [few] { $count } человека
   *[many] { $count } человек
}.
directory-export-sheet = Участники
directory-col-name = ФИО
directory-col-role = Роль
directory-col-organisation = Организация
directory-col-associations = Объединения
directory-col-head-of = Руководитель объединений
directory-col-career-start = Год начала стажа
directory-col-young = Молодой специалист
directory-col-mentor = Наставник
directory-col-pairs = Наставляемые/Наставник
directory-col-reachable = Доступен
directory-col-registered = Зарегистрирован
directory-yes = да
directory-no = нет

directory-error-member-gone = Этого человека больше нет в списке. Откройте /members заново.
directory-error-filter-gone = Выбранной в фильтре организации или объединения больше нет. Откройте /members заново.
directory-error-association-gone = Этого объединения больше нет.
directory-error-association-not-allowed = Руководителем объединения «{ $name }» этого человека назначить нельзя: объединение из другой организации или уже закрыто.
directory-error-inactive = Доступ к боту закрыт: { $name }. Сначала верните доступ.
directory-error-own-role = Свою роль изменить нельзя: попросите другого методиста.
directory-error-same-role = { $name }: эта роль уже назначена.
directory-error-coordinator-needs-organisation = { $name }: не указана организация, а школьный координатор работает в своей организации.
directory-error-already-head = Уже руководитель объединения «{ $name }».
directory-error-not-head = Не руководитель объединения «{ $name }»: снимать нечего.
directory-error-not-young = { $name }: не молодой специалист (первые три учебных года стажа прошли или год начала стажа не указан).
directory-error-not-mentor = { $name }: нет отметки «наставник».
directory-error-no-organisation = { $name }: не указана организация, а пару составляют внутри одной организации.
directory-error-not-mentor-candidate = { $name }: не может быть наставником, нужен опытный педагог или руководитель.
directory-error-pair-other-organisation = Наставник и молодой специалист должны работать в одной организации.
directory-error-self-pair = Человек не может быть наставником самому себе.
directory-error-already-paired = Эти двое уже в паре.
directory-error-pair-gone = Этой пары уже нет.
directory-error-self-deactivate = Закрыть доступ самому себе нельзя.
directory-error-already-inactive = Доступ уже закрыт: { $name }.
directory-error-already-active = Доступ уже открыт: { $name }.
