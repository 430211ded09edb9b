#include "config/yaml_documents.h"

#include <sstream>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

namespace syncline {

namespace {

// Records where each document starts and where its root node is; ignores everything else.
class DocumentMarks final : public YAML::EventHandler
{
public:
    std::vector<YAML::Mark> starts;
    std::vector<YAML::Mark> roots;

    void OnDocumentStart(const YAML::Mark &mark) override { starts.push_back(mark); }
    void OnDocumentEnd() override
    {
        if (roots.size() < starts.size())
            roots.push_back(starts.back());
    }
    void OnNull(const YAML::Mark &mark, YAML::anchor_t) override { node(mark); }
    void OnAlias(const YAML::Mark &mark, YAML::anchor_t) override { node(mark); }
    void OnScalar(const YAML::Mark &mark, const std::string &, YAML::anchor_t,
                  const std::string &) override
    {
        node(mark);
    }
    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t,
                         YAML::EmitterStyle::value) override
    {
        node(mark);
    }
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t,
                    YAML::EmitterStyle::value) override
    {
        node(mark);
    }
    void OnMapEnd() override {}

private:
    void node(const YAML::Mark &mark)
    {
        if (roots.size() < starts.size())
            roots.push_back(mark);
    }
};

} // namespace

std::vector<YAML::Mark> yamlDocumentRoots(const std::string &text)
{
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentMarks marks;
    while (parser.HandleNextDocument(marks)) {
        const auto &starts = marks.starts;
        if (starts.size() >= 2 && starts.back().pos == starts[starts.size() - 2].pos) {
            const auto pos = std::size_t(starts.back().pos);
            throw YAML::ParserException(
                starts.back(), pos < text.size() ? "unexpected '" + text.substr(pos, 1) + "'"
                                                 : std::string("unexpected end of text"));
        }
    }
    return std::move(marks.roots);
}

} // namespace syncline
