# Общие тексты: роли, подсказки, ошибки.

role-methodologist = методист
role-coordinator = школьный координатор
role-head = руководитель объединения
role-teacher = педагог

fallback-unknown-command = Такой команды я не знаю. Список команд — /help.
fallback-free-text = Я понимаю команды и кнопки. Что я умею — /help.
fallback-unexpected-input = Сейчас я жду ответ на вопрос выше. Чтобы прервать, отправьте /cancel.
fallback-button-outdated = Эта кнопка уже не действует.

cancel-done = Действие отменено.
cancel-nothing = Отменять нечего: сейчас ничего не заполняется.

error-unexpected = Что-то пошло не так, и я не смог выполнить действие. Ничего не сохранено. Попробуйте ещё раз чуть позже; если повторится — напишите своему методисту.
error-domain = Это действие сейчас невозможно.
error-not-allowed = У вас нет прав на это действие.
error-not-found = Не нашёл то, о чём идёт речь: возможно, его уже удалили.

# Склонения для чисел; используются в других текстах.
days = { $count ->
    [one] { $count } день
    [few] { $count } дня
   *[many] { $count } дней
}
people = { $count ->
    [one] { $count } человек
    [few] { $count } человека
   *[many] { $count } человек
}

error-only-methodologist = Это может сделать только методист.
error-only-staff = Это может сделать методист или школьный координатор.
error-other-organisation = Школьный координатор работает только со своей организацией.
error-no-organisation = У вас в профиле не указана организация, поэтому показать нечего. Попросите методиста указать её в вашей карточке.
error-stale-button = Эта кнопка устарела. Откройте раздел заново.
error-not-your-button = Эта кнопка не для вас.

nav-prev = ‹ Назад
nav-next = Далее ›
nav-page = { $page } из { $pages }
button-back = ‹ Назад
button-cancel = Отмена
button-yes = Да
button-no = Нет
