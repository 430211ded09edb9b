#include "transform/filter_syntax.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace syncline::transform {

std::string lowered(std::string text)
{
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return char(std::tolower(c)); });
    return text;
}

namespace {

struct Token
{
    enum class Kind
    {
        Word,   // identifier or keyword
        Quoted, // "identifier"
        String,
        Number,
        Symbol, // = <> != < <= > >= ( ) ,
        End,
    };
    Kind kind = Kind::End;
    std::string text;
    std::size_t offset = 0;
};

std::vector<Token> tokenize(std::string_view text)
{
    std::vector<Token> tokens;
    std::size_t i = 0;
    auto isWordStart = [](unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; };
    auto isWord = [&](unsigned char c) { return isWordStart(c) || std::isdigit(c) || c == '$'; };
    while (i < text.size()) {
        const unsigned char c = text[i];
        if (std::isspace(c)) {
            ++i;
            continue;
        }
        Token token;
        token.offset = i;
        if (c == '\'' || c == '"') {
            token.kind = c == '\'' ? Token::Kind::String : Token::Kind::Quoted;
            ++i;
            while (true) {
                if (i >= text.size())
                    throw FilterSyntaxError(token.offset, c == '\'' ? "unterminated 'text'"
                                                                    : "unterminated \"name\"");
                if (text[i] == char(c)) {
                    if (i + 1 < text.size() && text[i + 1] == char(c)) {
                        token.text += char(c);
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                token.text += text[i++];
            }
        } else if (std::isdigit(c) ||
                   (c == '.' && i + 1 < text.size() && std::isdigit(text[i + 1]))) {
            token.kind = Token::Kind::Number;
            const std::size_t start = i;
            while (i < text.size() && (std::isdigit((unsigned char)text[i]) || text[i] == '.'))
                ++i;
            if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
                ++i;
                if (i < text.size() && (text[i] == '+' || text[i] == '-'))
                    ++i;
                while (i < text.size() && std::isdigit((unsigned char)text[i]))
                    ++i;
            }
            token.text = std::string(text.substr(start, i - start));
            char *end = nullptr;
            std::strtod(token.text.c_str(), &end);
            if (*end != '\0' || (i < text.size() && isWord(text[i])))
                throw FilterSyntaxError(start, "not a number: " + token.text);
        } else if (isWordStart(c)) {
            token.kind = Token::Kind::Word;
            const std::size_t start = i;
            while (i < text.size() && isWord(text[i]))
                ++i;
            token.text = std::string(text.substr(start, i - start));
        } else {
            token.kind = Token::Kind::Symbol;
            const std::string_view two = text.substr(i, 2);
            if (two == "<>" || two == "!=" || two == "<=" || two == ">=") {
                token.text = std::string(two);
                i += 2;
            } else if (std::string_view("=<>(),-").find(char(c)) != std::string_view::npos) {
                token.text = std::string(1, char(c));
                ++i;
            } else {
                throw FilterSyntaxError(i, std::string("unexpected character '") + char(c) + "'");
            }
        }
        tokens.push_back(std::move(token));
    }
    tokens.push_back({Token::Kind::End, "", text.size()});
    return tokens;
}

class Parser
{
public:
    explicit Parser(std::string_view text) : m_tokens(tokenize(text)) {}

    std::shared_ptr<FilterNode> parseAll()
    {
        if (peek().kind == Token::Kind::End)
            throw FilterSyntaxError(0, "the filter is empty");
        auto node = parseOr();
        if (peek().kind != Token::Kind::End)
            throw FilterSyntaxError(peek().offset, "unexpected '" + peek().text +
                                                       "': expected AND, OR or the end");
        return node;
    }

private:
    const Token &peek() const { return m_tokens[m_next]; }
    const Token &take() { return m_tokens[m_next++]; }
    bool isKeyword(const Token &token, std::string_view word) const
    {
        return token.kind == Token::Kind::Word && lowered(token.text) == word;
    }
    bool acceptKeyword(std::string_view word)
    {
        if (!isKeyword(peek(), word))
            return false;
        ++m_next;
        return true;
    }
    bool acceptSymbol(std::string_view symbol)
    {
        if (peek().kind != Token::Kind::Symbol || peek().text != symbol)
            return false;
        ++m_next;
        return true;
    }
    void expectSymbol(std::string_view symbol)
    {
        if (!acceptSymbol(symbol))
            throw FilterSyntaxError(peek().offset,
                                    "expected '" + std::string(symbol) + "'" + found());
    }
    std::string found() const
    {
        return peek().kind == Token::Kind::End ? " at the end" : ", found '" + peek().text + "'";
    }

    std::shared_ptr<FilterNode> joined(FilterNode::Kind kind, std::string_view word,
                                       std::shared_ptr<FilterNode> (Parser::*next)())
    {
        auto first = (this->*next)();
        if (!isKeyword(peek(), word))
            return first;
        auto node = std::make_shared<FilterNode>();
        node->kind = kind;
        node->children.push_back(std::move(first));
        while (acceptKeyword(word))
            node->children.push_back((this->*next)());
        return node;
    }
    std::shared_ptr<FilterNode> parseOr()
    {
        return joined(FilterNode::Kind::Or, "or", &Parser::parseAnd);
    }
    std::shared_ptr<FilterNode> parseAnd()
    {
        return joined(FilterNode::Kind::And, "and", &Parser::parseNot);
    }
    std::shared_ptr<FilterNode> parseNot()
    {
        if (!acceptKeyword("not"))
            return parsePredicate();
        auto node = std::make_shared<FilterNode>();
        node->kind = FilterNode::Kind::Not;
        node->children.push_back(parseNot());
        return node;
    }

    std::shared_ptr<FilterNode> parsePredicate()
    {
        if (acceptSymbol("(")) {
            auto inner = parseOr();
            expectSymbol(")");
            return inner;
        }
        auto node = std::make_shared<FilterNode>();
        node->left = parseOperand();
        const Token &next = peek();
        if (next.kind == Token::Kind::Symbol && next.text != "(" && next.text != ")" &&
            next.text != "," && next.text != "-") {
            node->kind = FilterNode::Kind::Compare;
            node->op = take().text == "!=" ? "<>" : m_tokens[m_next - 1].text;
            node->right = parseOperand();
            return node;
        }
        if (acceptKeyword("is")) {
            node->kind = FilterNode::Kind::IsNull;
            node->negated = acceptKeyword("not");
            if (!acceptKeyword("null"))
                throw FilterSyntaxError(peek().offset, "expected NULL after IS" + found());
            return node;
        }
        const bool negated = acceptKeyword("not");
        if (acceptKeyword("in")) {
            node->kind = FilterNode::Kind::In;
            node->negated = negated;
            expectSymbol("(");
            do {
                node->list.push_back(parseOperand());
                if (node->list.back().kind == Operand::Kind::Column)
                    throw FilterSyntaxError(node->list.back().offset,
                                            "IN takes a list of literals, not columns");
            } while (acceptSymbol(","));
            expectSymbol(")");
            return node;
        }
        if (acceptKeyword("like")) {
            node->kind = FilterNode::Kind::Like;
            node->negated = negated;
            node->right = parseOperand();
            if (node->right.kind != Operand::Kind::Text)
                throw FilterSyntaxError(node->right.offset, "LIKE takes a 'pattern'");
            return node;
        }
        if (negated)
            throw FilterSyntaxError(peek().offset, "expected IN or LIKE after NOT" + found());
        if (node->left.kind != Operand::Kind::Column)
            throw FilterSyntaxError(peek().offset, "expected a comparison" + found());
        node->kind = FilterNode::Kind::Column;
        return node;
    }

    Operand parseOperand()
    {
        const Token token = take();
        Operand operand;
        operand.offset = token.offset;
        operand.text = token.text;
        switch (token.kind) {
        case Token::Kind::Quoted:
            operand.kind = Operand::Kind::Column;
            return operand;
        case Token::Kind::String:
            operand.kind = Operand::Kind::Text;
            return operand;
        case Token::Kind::Number:
            operand.kind = Operand::Kind::Number;
            return operand;
        case Token::Kind::Word: {
            const std::string word = lowered(token.text);
            if (word == "true" || word == "false") {
                operand.kind = Operand::Kind::Bool;
                operand.text = word;
            } else if (word == "null") {
                operand.kind = Operand::Kind::Null;
            } else if (word == "and" || word == "or" || word == "not" || word == "is" ||
                       word == "in" || word == "like") {
                throw FilterSyntaxError(token.offset,
                                        "expected a column or a value, found " + token.text);
            } else {
                operand.kind = Operand::Kind::Column;
            }
            return operand;
        }
        case Token::Kind::Symbol:
            if (token.text == "-" && peek().kind == Token::Kind::Number) {
                operand.kind = Operand::Kind::Number;
                operand.text = "-" + take().text;
                return operand;
            }
            [[fallthrough]];
        case Token::Kind::End:
            break;
        }
        throw FilterSyntaxError(token.offset, "expected a column or a value" +
                                                  (token.kind == Token::Kind::End
                                                       ? std::string(" at the end")
                                                       : ", found '" + token.text + "'"));
    }

    std::vector<Token> m_tokens;
    std::size_t m_next = 0;
};

} // namespace

std::shared_ptr<FilterNode> parseFilter(std::string_view text)
{
    return Parser(text).parseAll();
}

} // namespace syncline::transform
