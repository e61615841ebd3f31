using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Common;

// The operands of cp and mv: exactly a source and a target, where a target
// that is a directory means "the source's name inside it".
public static class SourceAndTarget
{
    public const string Synopsis = "source target";

    // True with the two operands (the target resolved as above); false
    // after the usage message, with the exit status to return.
    public static bool Parse(string name, out string source, out string target, out int status)
    {
        source = target = "";
        status = 0;
        CommandLine? line = Tool.Start(name, "", Synopsis);
        if (line == null)
        {
            status = Tool.UsageStatus;
            return false;
        }
        if (line.Operands.Count != 2)
        {
            status = Tool.Usage(line.Operands.Count < 2 ? "missing operand" : "too many operands", Synopsis);
            return false;
        }
        source = line.Operands[0];
        target = line.Operands[1];
        if (Files.Stat(target, out FileStatus stat) >= 0 && stat.Kind == FileKind.Directory)
            target = Messages.Join(target, Messages.BaseName(source));
        return true;
    }
}
