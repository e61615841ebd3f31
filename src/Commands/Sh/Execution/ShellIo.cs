namespace Minix3.Cosmos.Commands.Sh;

// File descriptors 0, 1 and 2 of the command being run. Redirections make a
// modified copy; the shell never changes the one it was given.
internal sealed class ShellIo
{
    internal ShellIo(IShellInput input, IShellOutput output, IShellOutput error)
    {
        Input = input;
        Output = output;
        Error = error;
    }

    internal IShellInput Input { get; private set; }
    internal IShellOutput Output { get; private set; }
    internal IShellOutput Error { get; private set; }

    internal ShellIo Copy() => new ShellIo(Input, Output, Error);

    internal object Get(int descriptor) => descriptor == 0 ? Input : descriptor == 1 ? Output : Error;

    // False if the stream cannot serve that descriptor: 0 must be readable,
    // 1 and 2 writable (`1<&0` on a read-only console).
    internal bool TrySet(int descriptor, object stream)
    {
        if (descriptor == 0 && stream is IShellInput input)
            Input = input;
        else if (descriptor == 1 && stream is IShellOutput output)
            Output = output;
        else if (descriptor == 2 && stream is IShellOutput error)
            Error = error;
        else
            return false;
        return true;
    }
}
