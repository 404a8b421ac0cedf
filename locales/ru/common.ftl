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
