using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Chmod
{
    // chmod MODE FILE...: MODE octal ("640", "4755") or symbolic ("u+x",
    // "go-w", "a=r", "+t"; Common/Users/Modes.cs). VFS lets only the
    // file's owner or root change it.
    public static class Program
    {
        private const string Synopsis = "MODE FILE...";

        public static int Main()
        {
            string[] argv = Tool.Begin("chmod");
            if (argv.Length < 3)
                return Tool.Finish(Tool.Usage(argv.Length < 2 ? "missing mode" : "missing file", Synopsis));
            string spec = argv[1];
            if (!Modes.TryApply(spec, 0, out _))
                return Tool.Finish(Tool.Usage("invalid mode '" + spec + "'", Synopsis));
            int status = 0;
            for (int i = 2; i < argv.Length; i++)
            {
                int result = Files.Stat(argv[i], out FileStatus stat);
                if (result >= 0)
                {
                    Modes.TryApply(spec, stat.Mode, out int mode);
                    result = Files.ChangeMode(argv[i], mode);
                }
                if (result < 0)
                    status = Tool.Report(argv[i], result);
            }
            return Tool.Finish(status);
        }
    }
}
