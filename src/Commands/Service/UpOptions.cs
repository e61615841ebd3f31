using System.Collections.Generic;
using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Ipc;

namespace Minix3.Cosmos.Commands.Service
{
    // `service up LABEL` options, packed as RsUpOptions says:
    //   -script FILE   recover it with this script (sh, args component reason repetition)
    //   -noscript      recover it by its restart policy
    //   -period MS     heartbeat period
    //   -limit N, -window S   the restart policy: at most N failures in S seconds
    //   -label NAME    run another instance of the program LABEL names, as NAME
    internal static unsafe class UpOptions
    {
        public static string? Fill(List<string> operands, Message* message, Endpoint rs, out byte[]? script, out string? instance)
        {
            script = null;
            instance = null;
            uint period = 0, window = 0;
            int limit = -1;
            for (int i = 2; i < operands.Count; i++)
            {
                string option = operands[i];
                if (option == "-noscript")
                {
                    RsRequestMessage.Of(message)->Script = RsUpOptions.NoScript;
                    continue;
                }
                if (i + 1 >= operands.Count)
                    return option + " needs a value";
                string value = operands[++i];
                if (option == "-label")
                {
                    instance = value;
                    continue;
                }
                if (option == "-script")
                {
                    long grant = 0, length = 0;
                    string? problem = SharedFile.Grant(value, rs, RsUpOptions.MaxScript, &grant, &length, out script);
                    if (problem != null)
                        return problem;
                    RsRequestMessage.Of(message)->Script = RsUpOptions.Script(new GrantId((int)grant), (int)length);
                    continue;
                }
                long max = option == "-period" ? uint.MaxValue : 65534;
                if (!Numbers.TryParse(value, max, out long number) || number == 0 && option != "-limit")
                    return "bad value for " + option + " (" + value + ")";
                if (option == "-period")
                    period = (uint)number;
                else if (option == "-limit")
                    limit = (int)number;
                else if (option == "-window")
                    window = (uint)number;
                else
                    return "unknown option " + option;
            }
            RsRequestMessage.Of(message)->Options = RsUpOptions.Pack(period, limit, window);
            return null;
        }
    }
}
