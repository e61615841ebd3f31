using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Echo
{
    // echo [-n] word...: the words separated by single spaces, then a
    // newline unless -n comes first. No other options and no escapes (as
    // in the shell's builtin echo), so `echo -x` prints "-x".
    public static class Program
    {
        public static int Main()
        {
            string[] argv = Processes.Arguments();
            bool newline = !(argv.Length > 1 && argv[1] == "-n");
            int first = newline ? 1 : 2;
            OutputBuffer output = Tool.Out;
            for (int i = first; i < argv.Length; i++)
            {
                if (i > first)
                    output.Write(" ");
                output.Write(argv[i]);
            }
            if (newline)
                output.Write("\n");
            return Tool.Finish(0);
        }
    }
}
