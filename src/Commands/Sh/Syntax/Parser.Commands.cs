using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Sh;

// The individual commands: simple commands with their assignments and
// redirections, and the compound commands.
internal sealed partial class Parser
{
    private SimpleCommand ParseSimple()
    {
        var command = new SimpleCommand(Peek.Line);
        while (true)
        {
            Token token = Peek;
            if (IsRedirectStart(token))
            {
                command.Redirects.Add(ParseRedirect());
            }
            else if (token.Kind == TokenKind.Word)
            {
                Assignment? assignment = command.Words.Count == 0 ? AsAssignment(token.Word!) : null;
                if (assignment != null)
                    command.Assignments.Add(assignment);
                else
                    command.Words.Add(token.Word!);
                Advance();
            }
            else
            {
                break;
            }
        }
        if (command.Words.Count == 0 && command.Assignments.Count == 0 && command.Redirects.Count == 0)
            throw Unexpected();
        return command;
    }

    // NAME=value, where NAME is unquoted: "A"=1 and A\=1 are command names.
    private static Assignment? AsAssignment(Word word)
    {
        if (!(word.Parts[0] is LiteralPart first) || first.Quoted)
            return null;
        int equals = first.Text.IndexOf('=');
        if (equals <= 0 || !Lexer.IsName(first.Text.Substring(0, equals)))
            return null;
        var value = new Word(word.Line);
        if (equals + 1 < first.Text.Length)
            value.Parts.Add(new LiteralPart(first.Text.Substring(equals + 1), false));
        for (int i = 1; i < word.Parts.Count; i++)
            value.Parts.Add(word.Parts[i]);
        return new Assignment(first.Text.Substring(0, equals), value);
    }

    private static bool IsRedirectStart(Token token) =>
        token.Kind == TokenKind.IoNumber || token.Kind == TokenKind.Less || token.Kind == TokenKind.Great ||
        token.Kind == TokenKind.DoubleGreat || token.Kind == TokenKind.DoubleLess || token.Kind == TokenKind.LessAnd ||
        token.Kind == TokenKind.GreatAnd || token.Kind == TokenKind.LessGreat || token.Kind == TokenKind.Clobber;

    private Redirect ParseRedirect()
    {
        int descriptor = -1;
        if (Peek.Kind == TokenKind.IoNumber)
        {
            string digits = Advance().Text;
            // Only 0-9 exist in sh; more digits would also overflow.
            if (digits.Length > 1)
                throw Error("file descriptor " + digits + " is out of range");
            descriptor = digits[0] - '0';
        }
        Token op = Advance();
        RedirectKind kind;
        if (op.Kind == TokenKind.Less)
            kind = RedirectKind.Input;
        else if (op.Kind == TokenKind.Great || op.Kind == TokenKind.Clobber)
            kind = RedirectKind.Output;
        else if (op.Kind == TokenKind.DoubleGreat)
            kind = RedirectKind.Append;
        else if (op.Kind == TokenKind.LessAnd)
            kind = RedirectKind.DuplicateInput;
        else if (op.Kind == TokenKind.GreatAnd)
            kind = RedirectKind.DuplicateOutput;
        else if (op.Kind == TokenKind.DoubleLess)
            throw new ShellSyntaxException(op.Line, "here-documents (<<) are not supported");
        else if (op.Kind == TokenKind.LessGreat)
            throw new ShellSyntaxException(op.Line, "'<>' redirections are not supported");
        else
            throw new ShellSyntaxException(op.Line, "expected a redirection operator after " + op.Text);

        if (Peek.Kind != TokenKind.Word)
            throw Error($"expected a file name after '{op.Text}', found {Peek.Describe()}");
        if (descriptor < 0)
            descriptor = kind == RedirectKind.Input || kind == RedirectKind.DuplicateInput ? 0 : 1;
        return new Redirect(descriptor, kind, Advance().Word!);
    }

    private IfCommand ParseIf()
    {
        int line = Advance().Line;
        var command = new IfCommand(line);
        string keyword = "if";
        do
        {
            command.Conditions.Add(ParseNonEmptyList(ThenWord));
            Expect("then", keyword, line);
            command.Bodies.Add(ParseNonEmptyList(IfBodyEnd));
            keyword = "elif";
        } while (TryAccept("elif"));
        if (TryAccept("else"))
            command.Else = ParseNonEmptyList(FiWord);
        Expect("fi", "if", line);
        return command;
    }

    private LoopCommand ParseLoop()
    {
        Token keyword = Advance();
        CommandList condition = ParseNonEmptyList(DoWord);
        Expect("do", keyword.Text, keyword.Line);
        CommandList body = ParseNonEmptyList(DoneWord);
        Expect("done", keyword.Text, keyword.Line);
        return new LoopCommand(keyword.Line, keyword.Text == "until", condition, body);
    }

    // for name [in word...] ; do list done, also `for name; do` and `for name do`.
    private ForCommand ParseFor()
    {
        int line = Advance().Line;
        string? name = Peek.Kind == TokenKind.Word ? Peek.Word!.PlainText : null;
        if (name == null || !Lexer.IsName(name))
            throw Error("expected a variable name after 'for', found " + Peek.Describe());
        Advance();
        List<Word>? items = null;
        if (Peek.Kind == TokenKind.Semicolon)
        {
            Advance();
        }
        else
        {
            SkipNewlines();
            if (TryAccept("in"))
            {
                items = new List<Word>();
                while (Peek.Kind == TokenKind.Word)
                    items.Add(Advance().Word!);
                if (Peek.Kind != TokenKind.Semicolon && Peek.Kind != TokenKind.Newline)
                    throw Error("expected ';' or a newline after the words of 'for', found " + Peek.Describe());
                Advance();
            }
        }
        SkipNewlines();
        Expect("do", "for", line);
        CommandList body = ParseNonEmptyList(DoneWord);
        Expect("done", "for", line);
        return new ForCommand(line, name, items, body);
    }

    // case word in [(]pattern[|pattern]...) list ;; ... esac
    private CaseCommand ParseCase()
    {
        int line = Advance().Line;
        if (Peek.Kind != TokenKind.Word)
            throw Error("expected a word after 'case', found " + Peek.Describe());
        var command = new CaseCommand(line, Advance().Word!);
        SkipNewlines();
        if (!TryAccept("in"))
            throw Error("expected 'in' after 'case' word, found " + Peek.Describe());
        SkipNewlines();
        while (!TryAccept("esac"))
        {
            var item = new CaseItem();
            if (Peek.Kind == TokenKind.LeftParen)
                Advance();
            while (true)
            {
                if (Peek.Kind != TokenKind.Word)
                    throw Error($"expected a pattern in 'case' on line {line}, found {Peek.Describe()}");
                item.Patterns.Add(Advance().Word!);
                if (Peek.Kind != TokenKind.Pipe)
                    break;
                Advance();
            }
            if (Peek.Kind != TokenKind.RightParen)
                throw Error("expected ')' after a case pattern, found " + Peek.Describe());
            Advance();
            CommandList body = ParseList(EsacWord);
            if (body.Items.Count > 0)
                item.Body = body;
            command.Items.Add(item);
            if (Peek.Kind == TokenKind.DoubleSemicolon)
            {
                Advance();
                SkipNewlines();
            }
            else if (!Peek.IsWord("esac"))
            {
                throw Error($"expected ';;' or 'esac' to close 'case' on line {line}, found {Peek.Describe()}");
            }
        }
        return command;
    }

    // { list; } and ( list ).
    private GroupCommand ParseGroup(bool subshell)
    {
        int line = Advance().Line;
        CommandList body = ParseNonEmptyList(subshell ? null : BraceEnd);
        if (subshell)
        {
            if (Peek.Kind != TokenKind.RightParen)
                throw Error($"expected ')' to close '(' on line {line}, found {Peek.Describe()}");
            Advance();
        }
        else
        {
            Expect("}", "{", line);
        }
        return new GroupCommand(line, body, subshell);
    }

    // name ( ) compound-command
    private FunctionDefinition ParseFunction(string name)
    {
        int line = Advance().Line;
        Advance();
        if (Peek.Kind != TokenKind.RightParen)
            throw Error($"expected ')' after '{name}(', found {Peek.Describe()}");
        Advance();
        SkipNewlines();
        Token token = Peek;
        string? plain = token.Kind == TokenKind.Word ? token.Word!.PlainText : null;
        bool compound = token.Kind == TokenKind.LeftParen || plain == "{" || plain == "if" || plain == "while" ||
                        plain == "until" || plain == "for" || plain == "case";
        if (!compound)
            throw Error($"expected a compound command as the body of function '{name}', found {token.Describe()}");
        return new FunctionDefinition(line, name, ParseCommand());
    }
}
