using System.Text;

namespace Minix3.Cosmos.Commands.Sh;

// The $ forms inside words: $name, $1, $?, ${...} and $((...)).
internal sealed partial class Lexer
{
    private void Enter(int line)
    {
        if (++_depth > MaxNesting)
            throw new ShellSyntaxException(line, "quotes and expansions nested too deeply");
    }

    // At a '$'. Returns false, consuming nothing, when the '$' is an ordinary
    // character (at the end, before a blank, ...).
    private bool ReadDollar(Word word, bool quoted)
    {
        char next = Peek(1);
        if (next == '(')
        {
            if (Peek(2) != '(')
                throw new ShellSyntaxException(_line, "command substitution $(...) is not supported");
            ReadArithmetic(word, quoted);
            return true;
        }
        if (next == '{')
        {
            ReadBraced(word, quoted);
            return true;
        }
        if (IsNameStart(next))
        {
            int start = _pos + 1;
            int end = start;
            while (end < _text.Length && IsNameChar(_text[end]))
                end++;
            word.Parts.Add(new ParameterPart(_text.Substring(start, end - start), quoted));
            _pos = end;
            return true;
        }
        if ((next >= '0' && next <= '9') || IsSpecialParameter(next))
        {
            word.Parts.Add(new ParameterPart(_text.Substring(_pos + 1, 1), quoted));
            _pos += 2;
            return true;
        }
        return false;
    }

    private static bool IsSpecialParameter(char c) =>
        c == '@' || c == '*' || c == '#' || c == '?' || c == '$' || c == '!' || c == '-';

    // $((expression)). The expression is kept as a word and evaluated after
    // its parameters are expanded, as POSIX specifies.
    private void ReadArithmetic(Word word, bool quoted)
    {
        int line = _line;
        Enter(line);
        _pos += 3;
        var expression = new Word(line);
        var literal = new StringBuilder();
        int parens = 0;
        while (true)
        {
            if (AtEnd)
                throw new ShellSyntaxException(line, "unterminated $((...))");
            char c = _text[_pos];
            if (c == ')' && parens == 0)
            {
                if (Peek(1) != ')')
                    throw new ShellSyntaxException(line, "unbalanced parentheses in $((...))");
                _pos += 2;
                break;
            }
            if (c == '(')
                parens++;
            else if (c == ')')
                parens--;
            ReadArgumentChar(expression, literal, c, false);
        }
        Flush(expression, literal, false);
        word.Parts.Add(new ArithmeticPart(expression, quoted));
        _depth--;
    }

    // ${name}, ${#name}, ${name<op>word}.
    private void ReadBraced(Word word, bool quoted)
    {
        int line = _line;
        Enter(line);
        _pos += 2;
        bool length = false;
        // "${#" is the length operator unless '#' is itself the parameter
        // (${#}, ${#-default}).
        if (Peek() == '#' && (IsNameChar(Peek(1)) || (IsSpecialParameter(Peek(1)) && Peek(1) != '-')))
        {
            length = true;
            _pos++;
        }
        string name = ReadParameterName();
        if (name.Length == 0)
            throw new ShellSyntaxException(line, "bad substitution");
        var part = new ParameterPart(name, quoted);
        word.Parts.Add(part);
        if (length)
        {
            part.Operator = ParameterOperator.Length;
            ExpectBrace(line);
            return;
        }
        if (AtEnd)
            throw new ShellSyntaxException(line, "unterminated ${...}");
        if (Peek() == '}')
        {
            _pos++;
            _depth--;
            return;
        }

        if (Peek() == ':')
        {
            part.Colon = true;
            _pos++;
        }
        char op = Peek();
        bool doubled = !part.Colon && Peek(1) == op;
        if (op == '-')
            part.Operator = ParameterOperator.Default;
        else if (op == '=')
            part.Operator = ParameterOperator.Assign;
        else if (op == '+')
            part.Operator = ParameterOperator.Alternative;
        else if (op == '?')
            part.Operator = ParameterOperator.Error;
        else if (op == '#' && !part.Colon)
            part.Operator = doubled ? ParameterOperator.RemoveLargestPrefix : ParameterOperator.RemoveSmallestPrefix;
        else if (op == '%' && !part.Colon)
            part.Operator = doubled ? ParameterOperator.RemoveLargestSuffix : ParameterOperator.RemoveSmallestSuffix;
        else
            throw new ShellSyntaxException(line, "bad substitution");
        _pos += (op == '#' || op == '%') && doubled ? 2 : 1;

        var argument = new Word(line);
        var literal = new StringBuilder();
        while (true)
        {
            if (AtEnd)
                throw new ShellSyntaxException(line, "unterminated ${...}");
            char c = _text[_pos];
            if (c == '}')
            {
                _pos++;
                break;
            }
            ReadArgumentChar(argument, literal, c, quoted);
        }
        Flush(argument, literal, quoted);
        part.Argument = argument;
        _depth--;
    }

    private void ExpectBrace(int line)
    {
        if (AtEnd)
            throw new ShellSyntaxException(line, "unterminated ${...}");
        if (Peek() != '}')
            throw new ShellSyntaxException(line, "bad substitution");
        _pos++;
        _depth--;
    }

    private string ReadParameterName()
    {
        int start = _pos;
        if (IsNameStart(Peek()))
        {
            while (IsNameChar(Peek()))
                _pos++;
        }
        else if (Peek() >= '0' && Peek() <= '9')
        {
            while (Peek() >= '0' && Peek() <= '9')
                _pos++;
        }
        else if (IsSpecialParameter(Peek()))
        {
            _pos++;
        }
        return _text.Substring(start, _pos - start);
    }

    // One character of a ${...} argument or a $((...)) expression. Blanks and
    // operator characters are ordinary here; quotes work as in a word, except
    // that inside double quotes single quotes are literal.
    private void ReadArgumentChar(Word word, StringBuilder literal, char c, bool quoted)
    {
        if (quoted)
        {
            if (c == '\\' && Peek(1) == '}')
            {
                literal.Append('}');
                _pos += 2;
            }
            else if (c == '"')
            {
                Flush(word, literal, true);
                ReadDoubleQuoted(word);
            }
            else
            {
                ReadQuotedChar(word, literal, c);
            }
            return;
        }

        if (c == '\\' && _pos + 1 < _text.Length)
        {
            if (_text[_pos + 1] == '\n')
            {
                _line++;
            }
            else
            {
                Flush(word, literal, false);
                word.Parts.Add(new LiteralPart(_text.Substring(_pos + 1, 1), true));
            }
            _pos += 2;
        }
        else if (c == '\'')
        {
            Flush(word, literal, false);
            ReadSingleQuoted(word);
        }
        else if (c == '"')
        {
            Flush(word, literal, false);
            ReadDoubleQuoted(word);
        }
        else if (c == '$')
        {
            Flush(word, literal, false);
            if (!ReadDollar(word, false))
            {
                literal.Append(c);
                _pos++;
            }
        }
        else
        {
            RefuseBackquote(c);
            if (c == '\n')
                _line++;
            literal.Append(c);
            _pos++;
        }
    }
}
