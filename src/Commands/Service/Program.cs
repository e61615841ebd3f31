using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Commands.Service
{
    // service status                              every supervised component
    // service restart|refresh|down LABEL          start now / end and start afresh / stop
    // service up LABEL [-label NAME] [-script FILE|-noscript] [-period MS] [-limit N] [-window S]
    //                                             (-label: another instance of LABEL's program, named NAME)
    // service update LABEL [FILE]                 live update (FILE: a new program)
    // service fi LABEL crash|hang|memory|request|reply|lose|every-start|dma  inject a fault (the crash experiments;
    //                                             request: crash when the next request arrives;
    //                                             reply: the next transfer reply is garbage;
    //                                             lose: the next request is never answered;
    //                                             every-start: crash now and at every restart
    //                                             until `service up`; dma: an Ethernet
    //                                             driver aims its device's receives at
    //                                             memory it was not given)
    // Each is one request to RS (src/Lib/Ipc/RsProtocol.cs).
    public static unsafe class Program
    {
        private const string Synopsis = "status | restart|refresh|down LABEL | up LABEL [-label NAME] [-script FILE|-noscript] [-period MS] [-limit N] [-window S]"
            + " | update LABEL [FILE] | fi LABEL crash|hang|memory|request|reply|lose|every-start|dma";

        public static int Main()
        {
            CommandLine? line = Tool.Start("service", "", Synopsis);
            if (line == null)
                return Tool.UsageStatus;
            var operands = line.Operands;
            if (operands.Count == 0)
                return Tool.Finish(Tool.Usage("missing operand", Synopsis));
            Endpoint rs = Endpoints.Lookup("rs");
            if (rs.IsNone)
                return Tool.Finish(Tool.Report("rs", "the reincarnation server is not running"));
            string verb = operands[0];
            if (verb == "status" && operands.Count == 1)
                return Tool.Finish(StatusTable.Print(rs));
            int type = verb switch
            {
                "restart" => RsRequest.Restart, "refresh" => RsRequest.Refresh, "down" => RsRequest.Down, "up" => RsRequest.Up,
                "update" => RsRequest.Update, "fi" => RsRequest.Inject, _ => 0,
            };
            if (type == 0)
                return Tool.Finish(Tool.Usage("unknown request " + verb, Synopsis));
            if (operands.Count < 2)
                return Tool.Finish(Tool.Usage("missing label", Synopsis));
            Message message = default;
            message.Type = type;
            if (!RsMessage.SetLabel(&message, operands[1]))
                return Tool.Finish(Tool.Usage("bad label " + operands[1], Synopsis));
            // Bytes granted to RS (a script, a program) stay alive until it answers.
            byte[]? shared = null;
            string? instance = null;
            string? problem = type switch
            {
                RsRequest.Up => UpOptions.Fill(operands, &message, rs, out shared, out instance),
                RsRequest.Update => operands.Count > 3 ? "too many operands"
                    : operands.Count == 3 ? SharedFile.Grant(operands[2], rs, RsLimits.MaxImage, &RsRequestMessage.Of(&message)->ImageGrant, &RsRequestMessage.Of(&message)->ImageLength, out shared) : null,
                RsRequest.Inject => operands.Count != 3 ? "fi needs LABEL and a fault" : Fault(operands[2], &message),
                _ => operands.Count != 2 ? "wrong number of operands" : null,
            };
            if (problem != null)
                // A file's problem ("path: why") is an error; anything else, a usage error.
                return Tool.Finish(FileProblem(problem, out string file, out string why) ? Tool.Report(file, why) : Tool.Usage(problem, Synopsis));
            if (instance != null)
            {
                int created = NewInstance(rs, operands[1], instance);
                if (created != Lib.Ipc.Status.Ok)
                    return Tool.Finish(Tool.Report(instance, ErrorText(created)));
                RsMessage.SetLabel(&message, instance);
            }
            int status;
            fixed (byte* keep = shared)
            {
                status = Ipc.SendRec(rs, &message);
                if (status == Lib.Ipc.Status.Ok)
                    status = message.Type;
            }
            return Tool.Finish(status < 0 ? Tool.Report(operands[1], ErrorText(status)) : 0);
        }

        // `up PROGRAM -label NAME`: RS first learns of the instance, then
        // the Up request (options included) starts it under NAME.
        private static int NewInstance(Endpoint rs, string program, string label)
        {
            Message message;
            if (!RsInstanceRequest.Fill(&message, program, label))
                return RsStatus.BadLabel;
            int status = Ipc.SendRec(rs, &message);
            return status == Lib.Ipc.Status.Ok ? message.Type : status;
        }

        // "path: why" from SharedFile, split; anything else is a usage problem.
        private static bool FileProblem(string problem, out string file, out string why)
        {
            for (int i = 0; i + 1 < problem.Length; i++)
            {
                if (problem[i] == ':' && problem[i + 1] == ' ')
                {
                    file = problem.Substring(0, i);
                    why = problem.Substring(i + 2);
                    return true;
                }
            }
            file = why = "";
            return false;
        }

        private static string? Fault(string fault, Message* message)
        {
            RsRequestMessage.Of(message)->Fault = fault == "crash" ? RsFault.Crash : fault == "hang" ? RsFault.Hang : fault == "memory" ? RsFault.BadMemory
                : fault == "request" ? RsFault.CrashOnRequest : fault == "reply" ? RsFault.BadReply : fault == "lose" ? RsFault.LoseReply
                : fault == "every-start" ? RsFault.EveryStart : fault == "dma" ? RsFault.WildDma : 0;
            return RsRequestMessage.Of(message)->Fault == 0 ? "unknown fault " + fault : null;
        }

        public static string ErrorText(int status) => status switch
        {
            RsStatus.NotFound => "no supervised component of that name",
            RsStatus.BadLabel => "bad label",
            RsStatus.AlreadyRunning => "already running",
            RsStatus.NotRunning => "not running",
            RsStatus.UnknownRequest => "rs does not know this request",
            RsStatus.RolledBack => "the new version failed to start; rolled back to the old one",
            RsStatus.NotReady => "it did not prepare for the update; nothing changed",
            RsStatus.Busy => "an update of it is already under way",
            RsStatus.NotAllowed => "not allowed (a critical component: ending it would stop the system)",
            RsStatus.BadImage => "not a program image",
            RsStatus.LabelTaken => "that name is taken (a component of the image, or another instance)",
            RsStatus.PermissionDenied => "permission denied",
            _ => "status " + status.ToString(),
        };
    }
}
