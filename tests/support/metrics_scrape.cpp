#include "metrics_scrape.h"

#include <QByteArray>
#include <QStringList>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <limits>

namespace syncline::test {

using namespace Qt::StringLiterals;

QString httpGet(int port, const char *path)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return {};
    timeval timeout{5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(quint16(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QByteArray response;
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0) {
        const QByteArray request =
            "GET "_ba + path + " HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"_ba;
        if (::send(fd, request.constData(), size_t(request.size()), MSG_NOSIGNAL) ==
            request.size()) {
            char buffer[65536];
            ssize_t got = 0;
            while ((got = ::recv(fd, buffer, sizeof buffer, 0)) > 0)
                response.append(buffer, got);
        }
    }
    ::close(fd);
    const auto bodyAt = response.indexOf("\r\n\r\n");
    if (!response.startsWith("HTTP/1.") || !response.contains(" 200 ") || bodyAt < 0)
        return {};
    return QString::fromUtf8(response.mid(bodyAt + 4));
}

double sampleValue(const QString &text, const QString &series)
{
    for (const QString &line : text.split(u'\n'))
        if (line.startsWith(series + u' '))
            return line.mid(series.size() + 1).toDouble();
    return std::numeric_limits<double>::quiet_NaN();
}

} // namespace syncline::test
