using System;

namespace Minix3.Cosmos.Commands.Sh;

// An error that ends the script, as POSIX prescribes for a non-interactive
// shell: a failed expansion (${x?}, division by zero, a malformed number),
// the nesting or command limits. A subshell or pipeline stage ends only
// itself, unless the error is Unrecoverable (the limits): those end
// everything. Caught by the shell's entry points; never leaves the library.
internal sealed class ShellFatalException : Exception
{
    internal ShellFatalException(string message, bool unrecoverable = false) : base(message)
    {
        Unrecoverable = unrecoverable;
    }

    internal bool Unrecoverable { get; }

    // dash's status for an expansion error in a script.
    internal int Status => 2;
}
