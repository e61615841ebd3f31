using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Common;

// The operands of a filter: file names, "-" for standard input.
public static class Inputs
{
    // The descriptor to read path from; < 0 after reporting why not.
    public static int Open(string path)
    {
        if (path == "-")
            return Files.StandardInput;
        int fd = Files.Open(path, OpenFlags.Read);
        if (fd < 0)
            Tool.Report(path, fd);
        return fd;
    }

    public static void Close(int fd)
    {
        if (fd > Files.StandardError)
            Files.Close(fd);
    }

    // "-" when there are none: a filter reads standard input.
    public static System.Collections.Generic.List<string> OrStandardInput(System.Collections.Generic.List<string> operands)
    {
        if (operands.Count == 0)
            operands.Add("-");
        return operands;
    }
}
