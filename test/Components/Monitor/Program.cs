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
        // Word4..Word6: up to 24 bytes of the component's reason, NUL padded.
        private static string Reason(Message* report)
        {
            byte* text = (byte*)&report->Word4;
            int length = 0;
            while (length < 24 && text[length] != 0)
                length++;
            char* chars = stackalloc char[24];
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
                Diagnostics.Print(string.Concat("monitor: defect report: endpoint ", message.Word0.ToString(),
                    " class ", message.Word1.ToString(), " address 0x", ((ulong)message.Word2).ToString("x"),
                    " detail ", message.Word3.ToString(), " reason \"", Reason(&message), "\""));
                int stale = Ipc.Notify(new Endpoint((int)message.Word0));
                Diagnostics.Print(string.Concat("monitor: notify to the dead endpoint: status ", stale.ToString()));
                Message probe = default;
                probe.Word0 = 41;
                int status = Ipc.SendRec(pong, &probe);
                Diagnostics.Print(status == Status.Ok && probe.Word0 == 42
                    ? "monitor: pong still serving"
                    : string.Concat("monitor: PONG NOT SERVING, status ", status.ToString()));
            }
        }
    }
}
