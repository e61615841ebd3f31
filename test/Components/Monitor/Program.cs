using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Monitor
{
    // The signal manager of the test components (the role RS plays in the
    // real system): prints every defect report the kernel sends it, so the
    // boot tests can check that a contained fault was reported; then checks
    // that the dead component's endpoint is refused and that pong, the
    // server everyone uses, still answers.
    public static unsafe class Program
    {
        // Up to 24 bytes of the component's reason, NUL padded.
        private static string Reason(Message* report)
        {
            byte* text = DefectReport.Of(report)->Reason;
            int length = 0;
            while (length < DefectReport.ReasonBytes && text[length] != 0)
                length++;
            char* chars = stackalloc char[DefectReport.ReasonBytes];
            for (int i = 0; i < length; i++)
                chars[i] = (char)text[i];
            return new string(chars, 0, length);
        }

        public static int Main()
        {
            Endpoint pong = Endpoints.Lookup("pong");
            Message message;
            while (true)
            {
                if (Ipc.Receive(Endpoint.Any, &message) < 0)
                    continue;
                if (message.Type != KernelMessageType.DefectReport || message.Source != Endpoint.Kernel.Value)
                    continue;
                DefectReport* report = DefectReport.Of(&message);
                Diagnostics.Print(string.Concat("monitor: defect report: endpoint ", report->Endpoint.ToString(),
                    " class ", report->Class.ToString(), " address 0x", ((ulong)report->Address).ToString("x"),
                    " detail ", report->Detail.ToString(), " reason \"", Reason(&message), "\""));
                int stale = Ipc.Notify(new Endpoint((int)report->Endpoint));
                Diagnostics.Print(string.Concat("monitor: notify to the dead endpoint: status ", stale.ToString()));
                Message probe = default;
                EchoMessage.Of(&probe)->Counter = 41;
                int status = Ipc.SendRec(pong, &probe);
                Diagnostics.Print(status == Status.Ok && EchoMessage.Of(&probe)->Counter == 42
                    ? "monitor: pong still serving"
                    : string.Concat("monitor: PONG NOT SERVING, status ", status.ToString()));
            }
        }
    }
}
