# Профиль (/me), удаление данных (/forget), проверка данных два раза в год.

profile-title = <b>Ваш профиль</b>
profile-name = ФИО: { $value }
profile-role = Роль: { $value }
profile-organisation = Организация: { $value }
profile-associations = Объединения: { $value }
profile-head-mark = {" "}(руководитель)
profile-year = Год начала педагогической деятельности: { $value }
profile-young-specialist = Вы молодой специалист.
profile-mentor-yes = Наставник: да
profile-mentor-no = Наставник: нет
profile-mentors = Ваш наставник: { $value }
profile-mentees = Вы наставник для: { $value }
profile-language = Язык: { $value }
profile-none = не указано
profile-edit-name = Изменить ФИО
profile-edit-organisation = Организация
profile-edit-associations = Объединения
profile-edit-year = Год начала стажа
profile-edit-mentor = Наставник
profile-edit-language = Язык / Language
profile-forget = Удалить мои данные
profile-ask-name = Напишите новые фамилию, имя и отчество.
profile-ask-associations = Отметьте объединения, в которые вы входите:
profile-ask-language = Выберите язык:
profile-saved = Сохранено.
profile-error-name-empty = ФИО не может быть пустым. Напишите, например: Петрова Анна Сергеевна.
profile-error-name-too-long = Слишком длинно: { $length } { $length ->
        [one] символ
        [few] символа
       *[many] символов
    }, а можно не больше { $limit }. Напишите только фамилию, имя и отчество.
profile-error-name-no-letters = В ФИО должны быть буквы. Напишите, например: Петрова Анна Сергеевна.
profile-error-year-future = { $year } год ещё не наступил. Укажите год, когда вы начали работать педагогом.
profile-error-year-too-early = Укажите год не раньше { $first }.
profile-error-year-format = Нужен год четырьмя цифрами, например 2012.
profile-error-ask-methodologist = Организацию и объединения руководителей и координаторов меняет методист — напишите ему.
profile-error-head-stays = Вы руководитель этого объединения. Снять эту роль может методист.
profile-error-stale = Эта кнопка устарела. Откройте профиль заново: /me.
language-ru = Русский
language-en = English

forget-ask =
    Удалить ваши данные? Я сотру ФИО, идентификатор Telegram, организацию, объединения, год начала стажа и пары с наставниками. То, что вы передали другим (например, протоколы), останется с подписью «удалённый участник».

    Отменить удаление будет нельзя; вернуться можно по новому приглашению.
forget-confirm = Да, удалить мои данные
forget-keep = Нет, оставить
forget-done = Ваши данные удалены. Спасибо, что были с нами! Вернуться можно по ссылке-приглашению.
forget-kept = Хорошо, ничего не удаляю.
forget-kept-unfinished = Хорошо, ничего не удаляю. Продолжить заполнение профиля — /start.

reconfirm-ask = Проверьте, пожалуйста, ваши данные — всё ли актуально?
reconfirm-change = Изменить
reconfirm-thanks = Спасибо! Данные отмечены как актуальные.
