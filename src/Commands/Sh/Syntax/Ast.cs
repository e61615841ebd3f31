using System.Collections.Generic;

namespace Minix3.Cosmos.Commands.Sh;

// The parsed program. Lists and pipelines hold commands; every command can
// carry redirections, which apply to the whole command (`if ...; fi > log`).

internal sealed class CommandList
{
    internal List<AndOrList> Items { get; } = new List<AndOrList>();
}

// a && b || c: Operators[i] joins Pipelines[i] and Pipelines[i + 1].
// Ended by `&`, it runs in the background: Text is then its source text
// (the interactive shell names the job with it).
internal sealed class AndOrList
{
    internal List<Pipeline> Pipelines { get; } = new List<Pipeline>();
    internal List<bool> IsAnd { get; } = new List<bool>();
    internal bool Background { get; set; }
    internal string Text { get; set; } = "";
}

internal sealed class Pipeline
{
    internal List<Command> Commands { get; } = new List<Command>();
    internal bool Negated { get; set; }
}

internal abstract class Command
{
    protected Command(int line) { Line = line; }

    internal int Line { get; }
    internal List<Redirect> Redirects { get; } = new List<Redirect>();
}

internal sealed class SimpleCommand : Command
{
    internal SimpleCommand(int line) : base(line) { }

    internal List<Assignment> Assignments { get; } = new List<Assignment>();
    internal List<Word> Words { get; } = new List<Word>();
}

internal sealed class Assignment
{
    internal Assignment(string name, Word value)
    {
        Name = name;
        Value = value;
    }

    internal string Name { get; }
    internal Word Value { get; }
}

internal enum RedirectKind
{
    Input,        // <
    Output,       // > and >|
    Append,       // >>
    DuplicateInput,  // <&
    DuplicateOutput, // >&
}

internal sealed class Redirect
{
    internal Redirect(int descriptor, RedirectKind kind, Word target)
    {
        Descriptor = descriptor;
        Kind = kind;
        Target = target;
    }

    internal int Descriptor { get; }
    internal RedirectKind Kind { get; }
    internal Word Target { get; }
}

internal sealed class IfCommand : Command
{
    internal IfCommand(int line) : base(line) { }

    // Conditions[i] guards Bodies[i]: the if and each elif.
    internal List<CommandList> Conditions { get; } = new List<CommandList>();
    internal List<CommandList> Bodies { get; } = new List<CommandList>();
    internal CommandList? Else { get; set; }
}

internal sealed class LoopCommand : Command
{
    internal LoopCommand(int line, bool until, CommandList condition, CommandList body) : base(line)
    {
        Until = until;
        Condition = condition;
        Body = body;
    }

    internal bool Until { get; }
    internal CommandList Condition { get; }
    internal CommandList Body { get; }
}

internal sealed class ForCommand : Command
{
    internal ForCommand(int line, string name, List<Word>? items, CommandList body) : base(line)
    {
        Name = name;
        Items = items;
        Body = body;
    }

    internal string Name { get; }

    // Null for `for name; do` and `for name do`, which iterate over "$@".
    internal List<Word>? Items { get; }
    internal CommandList Body { get; }
}

internal sealed class CaseCommand : Command
{
    internal CaseCommand(int line, Word subject) : base(line) { Subject = subject; }

    internal Word Subject { get; }
    internal List<CaseItem> Items { get; } = new List<CaseItem>();
}

internal sealed class CaseItem
{
    internal List<Word> Patterns { get; } = new List<Word>();
    internal CommandList? Body { get; set; }
}

// { list; } runs in the current shell; ( list ) in a copy of it.
internal sealed class GroupCommand : Command
{
    internal GroupCommand(int line, CommandList body, bool subshell) : base(line)
    {
        Body = body;
        Subshell = subshell;
    }

    internal CommandList Body { get; }
    internal bool Subshell { get; }
}

internal sealed class FunctionDefinition : Command
{
    internal FunctionDefinition(int line, string name, Command body) : base(line)
    {
        Name = name;
        Body = body;
    }

    internal string Name { get; }
    internal Command Body { get; }
}
