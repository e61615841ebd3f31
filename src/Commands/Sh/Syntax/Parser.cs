using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Sh;

// Recursive descent over the token list, following the POSIX shell grammar:
//   list     := and_or ((';' | '&' | newline) and_or)* '&'?
//   and_or   := pipeline (('&&' | '||') newline* pipeline)*
//   pipeline := '!'* command ('|' newline* command)*
//   command  := simple | compound redirect* | name '(' ')' compound
// Reserved words are recognized only where a command may start, so `echo if`
// is an ordinary command.
internal sealed partial class Parser
{
    // Compound commands nested in one another. Parsing and execution both
    // recurse on this, and a component's stack is small.
    internal const int MaxNesting = 48;

    private static readonly string[] ThenWord = { "then" };
    private static readonly string[] IfBodyEnd = { "elif", "else", "fi" };
    private static readonly string[] FiWord = { "fi" };
    private static readonly string[] DoWord = { "do" };
    private static readonly string[] DoneWord = { "done" };
    private static readonly string[] EsacWord = { "esac" };
    private static readonly string[] BraceEnd = { "}" };

    private readonly List<Token> _tokens;
    private int _pos;
    private int _depth;

    private Parser(List<Token> tokens) { _tokens = tokens; }

    // Throws ShellSyntaxException for a script that does not parse.
    internal static CommandList Parse(string text)
    {
        var parser = new Parser(Lexer.Tokenize(text));
        CommandList program = parser.ParseList(null);
        if (parser.Peek.Kind != TokenKind.End)
            throw parser.Unexpected();
        return program;
    }

    private Token Peek => _tokens[_pos];

    private Token Advance()
    {
        Token token = _tokens[_pos];
        if (token.Kind != TokenKind.End)
            _pos++;
        return token;
    }

    private void SkipNewlines()
    {
        while (Peek.Kind == TokenKind.Newline)
            _pos++;
    }

    private ShellSyntaxException Unexpected() => Error("unexpected " + Peek.Describe());

    private ShellSyntaxException Error(string message) => new ShellSyntaxException(Peek.Line, message);

    private bool TryAccept(string reserved)
    {
        if (!Peek.IsWord(reserved))
            return false;
        _pos++;
        return true;
    }

    // `opener` names the construct being closed, for a useful message when the
    // script ends early: "expected 'fi' to close 'if' on line 3".
    private void Expect(string reserved, string opener, int openerLine)
    {
        if (!TryAccept(reserved))
            throw Error($"expected '{reserved}' to close '{opener}' on line {openerLine}, found {Peek.Describe()}");
    }

    // Commands separated by ';' or newlines, up to a token no command can
    // start with, or one of the given reserved words.
    private CommandList ParseList(string[]? terminators)
    {
        var list = new CommandList();
        SkipNewlines();
        while (!AtListEnd(terminators))
        {
            int start = _pos;
            AndOrList item = ParseAndOr();
            list.Items.Add(item);
            if (Peek.Kind == TokenKind.Ampersand)
            {
                item.Background = true;
                item.Text = SourceText(start, _pos);
                Advance();
                SkipNewlines();
            }
            else if (Peek.Kind == TokenKind.Semicolon || Peek.Kind == TokenKind.Newline)
            {
                Advance();
                SkipNewlines();
            }
            else
            {
                break;
            }
        }
        return list;
    }

    // Tokens [start, end) as text, one space between them (newlines after
    // && and || dropped).
    private string SourceText(int start, int end)
    {
        var text = new System.Text.StringBuilder();
        for (int i = start; i < end; i++)
        {
            if (_tokens[i].Kind == TokenKind.Newline)
                continue;
            if (text.Length > 0)
                text.Append(' ');
            text.Append(_tokens[i].Text);
        }
        return text.ToString();
    }

    private CommandList ParseNonEmptyList(string[]? terminators)
    {
        CommandList list = ParseList(terminators);
        if (list.Items.Count == 0)
            throw Error("expected a command before " + Peek.Describe());
        return list;
    }

    private bool AtListEnd(string[]? terminators)
    {
        Token token = Peek;
        if (token.Kind == TokenKind.End || token.Kind == TokenKind.RightParen || token.Kind == TokenKind.DoubleSemicolon)
            return true;
        if (terminators == null || token.Kind != TokenKind.Word)
            return false;
        foreach (string word in terminators)
        {
            if (token.Word!.IsPlain(word))
                return true;
        }
        return false;
    }

    private AndOrList ParseAndOr()
    {
        var node = new AndOrList();
        node.Pipelines.Add(ParsePipeline());
        while (Peek.Kind == TokenKind.And || Peek.Kind == TokenKind.Or)
        {
            node.IsAnd.Add(Advance().Kind == TokenKind.And);
            SkipNewlines();
            node.Pipelines.Add(ParsePipeline());
        }
        return node;
    }

    private Pipeline ParsePipeline()
    {
        var pipeline = new Pipeline();
        while (TryAccept("!"))
            pipeline.Negated = !pipeline.Negated;
        pipeline.Commands.Add(ParseCommand());
        while (Peek.Kind == TokenKind.Pipe)
        {
            Advance();
            SkipNewlines();
            pipeline.Commands.Add(ParseCommand());
        }
        return pipeline;
    }

    private Command ParseCommand()
    {
        if (++_depth > MaxNesting)
            throw Error("commands nested too deeply");
        Command command;
        Token token = Peek;
        string? plain = token.Kind == TokenKind.Word ? token.Word!.PlainText : null;
        if (token.Kind == TokenKind.LeftParen)
            command = ParseGroup(true);
        else if (plain == "if")
            command = ParseIf();
        else if (plain == "while" || plain == "until")
            command = ParseLoop();
        else if (plain == "for")
            command = ParseFor();
        else if (plain == "case")
            command = ParseCase();
        else if (plain == "{")
            command = ParseGroup(false);
        else if (plain == "then" || plain == "else" || plain == "elif" || plain == "fi" || plain == "do" || plain == "done" || plain == "esac" || plain == "}")
            throw Unexpected();
        else if (plain != null && Lexer.IsName(plain) && _tokens[_pos + 1].Kind == TokenKind.LeftParen)
            command = ParseFunction(plain);
        else
            command = ParseSimple();

        if (!(command is SimpleCommand))
        {
            while (IsRedirectStart(Peek))
                command.Redirects.Add(ParseRedirect());
        }
        _depth--;
        return command;
    }
}
