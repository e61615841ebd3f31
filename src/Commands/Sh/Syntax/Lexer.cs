using System.Collections.Generic;
using System.Text;

namespace Minix3.Cosmos.Commands.Sh;

// Splits a script into tokens: operators, newlines, and words with their
// quoting and expansions already separated into parts. Without command
// substitution and here-documents the token stream does not depend on the
// parser's state, so a script is tokenized completely before parsing.
internal sealed partial class Lexer
{
    // Nesting of quotes and ${...}/$((...)) inside one another; the lexer
    // recurses on it, and a component has a small stack.
    private const int MaxNesting = 32;

    private readonly string _text;
    private int _pos;
    private int _line = 1;
    private int _depth;

    private Lexer(string text) { _text = text; }

    internal static List<Token> Tokenize(string text)
    {
        var lexer = new Lexer(text);
        var tokens = new List<Token>();
        Token token;
        do
        {
            token = lexer.Next();
            tokens.Add(token);
        } while (token.Kind != TokenKind.End);
        return tokens;
    }

    internal static bool IsNameStart(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';

    internal static bool IsNameChar(char c) => IsNameStart(c) || (c >= '0' && c <= '9');

    internal static bool IsName(string text)
    {
        if (text.Length == 0 || !IsNameStart(text[0]))
            return false;
        for (int i = 1; i < text.Length; i++)
        {
            if (!IsNameChar(text[i]))
                return false;
        }
        return true;
    }

    private static bool IsMeta(char c) =>
        c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')';

    private char Peek(int offset = 0) => _pos + offset < _text.Length ? _text[_pos + offset] : '\0';

    private bool AtEnd => _pos >= _text.Length;

    private Token Next()
    {
        SkipBlanks();
        int line = _line;
        if (AtEnd)
            return new Token(TokenKind.End, line, "");
        char c = _text[_pos];
        if (c == '\n')
        {
            _pos++;
            _line++;
            return new Token(TokenKind.Newline, line, "\n");
        }
        if (IsMeta(c))
            return ReadOperator(line);

        int digits = 0;
        while (Peek(digits) >= '0' && Peek(digits) <= '9')
            digits++;
        if (digits > 0 && (Peek(digits) == '<' || Peek(digits) == '>'))
        {
            string number = _text.Substring(_pos, digits);
            _pos += digits;
            return new Token(TokenKind.IoNumber, line, number);
        }

        int start = _pos;
        var word = new Word(line);
        ReadWord(word);
        return new Token(TokenKind.Word, line, _text.Substring(start, _pos - start), word);
    }

    // Blanks, line continuations and comments; '#' starts a comment only where
    // a token would start.
    private void SkipBlanks()
    {
        while (!AtEnd)
        {
            char c = _text[_pos];
            if (c == ' ' || c == '\t')
            {
                _pos++;
            }
            else if (c == '\\' && Peek(1) == '\n')
            {
                _pos += 2;
                _line++;
            }
            else if (c == '#')
            {
                while (!AtEnd && _text[_pos] != '\n')
                    _pos++;
            }
            else
            {
                return;
            }
        }
    }

    private Token ReadOperator(int line)
    {
        char c = _text[_pos];
        char next = Peek(1);
        TokenKind kind;
        int length = 2;
        if (c == '&')
            kind = next == '&' ? TokenKind.And : Single(TokenKind.Ampersand, ref length);
        else if (c == '|')
            kind = next == '|' ? TokenKind.Or : Single(TokenKind.Pipe, ref length);
        else if (c == ';')
            kind = next == ';' ? TokenKind.DoubleSemicolon : Single(TokenKind.Semicolon, ref length);
        else if (c == '<')
        {
            if (next == '<')
            {
                kind = TokenKind.DoubleLess;
                if (Peek(2) == '-')
                    length = 3;
            }
            else if (next == '&')
                kind = TokenKind.LessAnd;
            else if (next == '>')
                kind = TokenKind.LessGreat;
            else
                kind = Single(TokenKind.Less, ref length);
        }
        else if (c == '>')
        {
            if (next == '>')
                kind = TokenKind.DoubleGreat;
            else if (next == '&')
                kind = TokenKind.GreatAnd;
            else if (next == '|')
                kind = TokenKind.Clobber;
            else
                kind = Single(TokenKind.Great, ref length);
        }
        else
        {
            kind = Single(c == '(' ? TokenKind.LeftParen : TokenKind.RightParen, ref length);
        }
        string text = _text.Substring(_pos, length);
        _pos += length;
        return new Token(kind, line, text);
    }

    private static TokenKind Single(TokenKind kind, ref int length)
    {
        length = 1;
        return kind;
    }

    // An unquoted word: up to the next unquoted blank or operator character.
    private void ReadWord(Word word)
    {
        var literal = new StringBuilder();
        while (!AtEnd && !IsMeta(_text[_pos]))
        {
            char c = _text[_pos];
            if (c == '\\')
            {
                if (Peek(1) == '\n')
                {
                    _pos += 2;
                    _line++;
                }
                else if (_pos + 1 >= _text.Length)
                {
                    literal.Append('\\');
                    _pos++;
                }
                else
                {
                    Flush(word, literal, false);
                    word.Parts.Add(new LiteralPart(_text.Substring(_pos + 1, 1), true));
                    _pos += 2;
                }
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
                literal.Append(c);
                _pos++;
            }
        }
        Flush(word, literal, false);
    }

    private static void Flush(Word word, StringBuilder literal, bool quoted)
    {
        if (literal.Length == 0)
            return;
        word.Parts.Add(new LiteralPart(literal.ToString(), quoted));
        literal.Clear();
    }

    private void RefuseBackquote(char c)
    {
        if (c == '`')
            throw new ShellSyntaxException(_line, "command substitution `...` is not supported");
    }

    private void ReadSingleQuoted(Word word)
    {
        int line = _line;
        int end = _text.IndexOf('\'', _pos + 1);
        if (end < 0)
            throw new ShellSyntaxException(line, "unterminated single quote");
        string text = _text.Substring(_pos + 1, end - _pos - 1);
        CountLines(text);
        word.Parts.Add(new LiteralPart(text, true));
        _pos = end + 1;
    }

    private void CountLines(string text)
    {
        foreach (char c in text)
        {
            if (c == '\n')
                _line++;
        }
    }

    // "...": only $, ` and \ are special; a backslash escapes only $ ` " \ and
    // newline, and is kept before anything else.
    private void ReadDoubleQuoted(Word word)
    {
        int line = _line;
        Enter(line);
        int partsBefore = word.Parts.Count;
        var literal = new StringBuilder();
        _pos++;
        while (true)
        {
            if (AtEnd)
                throw new ShellSyntaxException(line, "unterminated double quote");
            char c = _text[_pos];
            if (c == '"')
            {
                _pos++;
                break;
            }
            ReadQuotedChar(word, literal, c);
        }
        Flush(word, literal, true);
        // "" is still a (empty) field, so the word must remember it was there.
        if (word.Parts.Count == partsBefore)
            word.Parts.Add(new LiteralPart("", true));
        _depth--;
    }

    // One character of double-quoted text (also used for ${...} arguments
    // inside double quotes).
    private void ReadQuotedChar(Word word, StringBuilder literal, char c)
    {
        if (c == '\\' && _pos + 1 < _text.Length)
        {
            char next = _text[_pos + 1];
            if (next == '\n')
                _line++;
            else if (next == '$' || next == '`' || next == '"' || next == '\\')
                literal.Append(next);
            else
                literal.Append('\\').Append(next);
            _pos += 2;
            return;
        }
        if (c == '$')
        {
            Flush(word, literal, true);
            if (ReadDollar(word, true))
                return;
        }
        RefuseBackquote(c);
        if (c == '\n')
            _line++;
        literal.Append(c);
        _pos++;
    }
}
