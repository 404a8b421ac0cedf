# Рассылки: отчёт о доставке и ошибки.

broadcast-report-title-sending = <b>Рассылка идёт…</b>
broadcast-report-title-done = <b>Рассылка завершена</b>
broadcast-report-delivered = Доставлено: { $delivered } из { $total }
broadcast-report-pending = В очереди: { $count }
broadcast-report-failed = Не удалось отправить: { $count }
broadcast-report-unreachable = Недоступны (заблокировали бота, бот удалён из группы): { $count }
broadcast-report-informed = Информированы { $informed } из { $total } ОО (получил координатор или руководитель объединения)
broadcast-button-missed = Кто не получил
broadcast-button-organisations = По организациям

broadcast-error-empty = Текст пустой. Напишите, что нужно разослать.
broadcast-error-too-long = Слишком длинно: { $length } знаков, а можно не больше { $limit }. Сократите текст — я не обрезаю сообщения сам.
broadcast-error-kind = Я рассылаю текст, фотографию или документ с подписью. Пришлите одно из этого.
broadcast-error-nobody = Эта аудитория сейчас никого не охватывает: выберите другую.
