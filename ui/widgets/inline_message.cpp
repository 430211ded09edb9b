#include "inline_message.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

namespace syncline::ui {

InlineMessage::InlineMessage(QWidget *parent)
    : QFrame(parent), m_icon(new QLabel(this)), m_text(new QLabel(this))
{
    setObjectName(QStringLiteral("inlineMessage"));
    m_text->setObjectName(QStringLiteral("inlineMessageText"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->addWidget(m_icon, 0, Qt::AlignTop);
    layout->addWidget(m_text, 1);
    hide();
}

void InlineMessage::showMessage(Kind kind, const QString &text)
{
    QStyle::StandardPixmap pixmap = QStyle::SP_MessageBoxInformation;
    QString color = QStringLiteral("30, 136, 229");
    if (kind == Kind::Error) {
        pixmap = QStyle::SP_MessageBoxCritical;
        color = QStringLiteral("211, 47, 47");
    } else if (kind == Kind::Warning) {
        pixmap = QStyle::SP_MessageBoxWarning;
        color = QStringLiteral("245, 158, 11");
    }
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    m_icon->setPixmap(style()->standardIcon(pixmap, nullptr, this).pixmap(size, size));
    // Translucent tints read well on light and dark palettes alike.
    setStyleSheet(QStringLiteral("#inlineMessage { background: rgba(%1, 0.12); "
                                 "border: 1px solid rgba(%1, 0.6); border-radius: 4px; }")
                      .arg(color));
    m_text->setText(text);
    show();
}

QString InlineMessage::text() const
{
    return m_text->text();
}

} // namespace syncline::ui
