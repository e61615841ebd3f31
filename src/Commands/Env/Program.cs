using System.Collections.Generic;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Env
{
    // env [-i] [name=value...] [command [argument...]]: without a command,
    // the environment one "name=value" per line; with one, the command
    // run (exec'd in env's place: a bare name from /bin, or the boot image)
    // with the environment changed: -i starts from an empty one, each
    // name=value sets a variable. Status: the command's, 127 when it does
    // not exist, 126 when it cannot be run.
    public static class Program
    {
        public static int Main()
        {
            string[] argv = Tool.Begin("env");
            var environment = new List<string>();
            int i = 1;
            bool empty = false;
            for (; i < argv.Length && argv[i].Length > 1 && argv[i][0] == '-'; i++)
            {
                if (argv[i] == "--")
                {
                    i++;
                    break;
                }
                if (argv[i] != "-i")
                    return Tool.Usage("invalid option -- '" + argv[i].Substring(1) + "'", "[-i] [name=value...] [command [argument...]]");
                empty = true;
            }
            if (i < argv.Length && argv[i] == "-")
            {
                empty = true;
                i++;
            }
            if (!empty)
            {
                foreach (string entry in Processes.Environment())
                    environment.Add(entry);
            }
            for (; i < argv.Length && argv[i].IndexOf('=') > 0; i++)
                Set(environment, argv[i]);
            if (i == argv.Length)
            {
                foreach (string entry in environment)
                    Tool.Out.Write(entry + "\n");
                return Tool.Finish(0);
            }
            var arguments = new string[argv.Length - i];
            for (int k = 0; k < arguments.Length; k++)
                arguments[k] = argv[i + k];
            int result = Processes.Exec(arguments[0], arguments, environment.ToArray());
            Tool.ReportProcess(arguments[0], result);
            return Tool.Finish(result == PmStatus.NotFound ? 127 : 126);
        }

        private static void Set(List<string> environment, string assignment)
        {
            string name = assignment.Substring(0, assignment.IndexOf('=') + 1);
            for (int i = 0; i < environment.Count; i++)
            {
                if (environment[i].StartsWith(name))
                {
                    environment[i] = assignment;
                    return;
                }
            }
            environment.Add(assignment);
        }
    }
}
