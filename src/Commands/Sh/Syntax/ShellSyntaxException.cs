using System;

namespace Minix3.Cosmos.Commands.Sh;

// A script that does not parse. Thrown by the lexer and parser only, and
// caught by the shell's entry points, which report it with its line and set
// status 2; it never leaves the library.
internal sealed class ShellSyntaxException : Exception
{
    internal ShellSyntaxException(int line, string message) : base(message) { Line = line; }

    internal int Line { get; }
}
