using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Commands.Service
{
    // service status                     every supervised component
    // service restart|down|up LABEL      end and start again / stop / start
    // service fi LABEL crash|hang|memory inject a fault (the crash experiments)
    // Each is one request to RS (src/Lib/Ipc/RsProtocol.cs).
    public static unsafe class Program
    {
        private const string Synopsis = "status | restart LABEL | down LABEL | up LABEL | fi LABEL crash|hang|memory";

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
                return Tool.Finish(Status(rs));
            int type = verb == "restart" ? RsRequest.Restart : verb == "down" ? RsRequest.Down : verb == "up" ? RsRequest.Up : verb == "fi" ? RsRequest.Inject : 0;
            int expected = type == RsRequest.Inject ? 3 : 2;
            if (type == 0 || operands.Count != expected)
                return Tool.Finish(Tool.Usage(type == 0 ? "unknown request " + verb : "wrong number of operands", Synopsis));
            Message message = default;
            message.Type = type;
            if (!RsMessage.SetLabel(&message, operands[1]))
                return Tool.Finish(Tool.Usage("bad label " + operands[1], Synopsis));
            if (type == RsRequest.Inject)
            {
                string fault = operands[2];
                message.Word5 = fault == "crash" ? RsFault.Crash : fault == "hang" ? RsFault.Hang : fault == "memory" ? RsFault.BadMemory : 0;
                if (message.Word5 == 0)
                    return Tool.Finish(Tool.Usage("unknown fault " + fault, Synopsis));
            }
            int status = Ipc.SendRec(rs, &message);
            if (status == Lib.Ipc.Status.Ok)
                status = message.Type;
            return Tool.Finish(status < 0 ? Tool.Report(operands[1], ErrorText(status)) : 0);
        }

        private static int Status(Endpoint rs)
        {
            Tool.Out.WriteLine("LABEL            ENDPOINT  STATE       RESTARTS  LAST");
            for (int index = 0; ; index++)
            {
                Message message = default;
                message.Type = RsRequest.Status;
                message.Word5 = index;
                int status = Ipc.SendRec(rs, &message);
                if (status == Lib.Ipc.Status.Ok)
                    status = message.Type;
                if (status == RsStatus.NotFound)
                    return 0;
                if (status < 0)
                    return Tool.Report("status", ErrorText(status));
                long packed = message.Word6;
                int state = (int)(packed & 0xFF);
                Tool.Out.WriteLine(Pad(RsMessage.Label(&message) ?? "?", 16) + " " + Pad(message.Word5.ToString(), 9) + " "
                    + Pad(state == RsState.Running ? "running" : state == RsState.Restarting ? "restarting" : "stopped", 11) + " "
                    + Pad(((packed >> 16) & 0xFFFF).ToString(), 9) + " " + ReasonName((int)((packed >> 8) & 0xFF)));
            }
        }

        private static string ReasonName(int reason) => reason switch
        {
            0 => "-", 1 => "exit", 2 => "panic", 3 => "exception", 4 => "killed", 5 => "heartbeat", 6 => "update", 7 => "complaint", 8 => "requested",
            _ => reason.ToString(),
        };

        private static string ErrorText(int status) => status switch
        {
            RsStatus.NotFound => "no supervised component of that name",
            RsStatus.BadLabel => "bad label",
            RsStatus.AlreadyRunning => "already running",
            RsStatus.NotRunning => "not running",
            RsStatus.UnknownRequest => "rs does not know this request",
            _ => "status " + status.ToString(),
        };

        private static string Pad(string text, int width) => text.Length >= width ? text : text + new string(' ', width - text.Length);
    }
}
