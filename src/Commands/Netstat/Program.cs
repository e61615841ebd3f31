using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Netstat
{
    // netstat [-a] [-s]: inet's connections through its control device
    // (/dev/inet), numbered from 0 (ConnectionAt) until NoSuchDevice, one
    // line each under a header (NetstatText); listening sockets only with
    // -a. -s: inet's counters instead, "name: value" a line.
    public static class Program
    {
        private const string Synopsis = "[-a] [-s]";

        public static int Main()
        {
            CommandLine? line = Tool.Start("netstat", "as", Synopsis);
            if (line == null)
                return Tool.UsageStatus;
            if (line.Operands.Count != 0)
                return Tool.Finish(Tool.Usage("unexpected operand '" + line.Operands[0] + "'", Synopsis));

            int control = Sockets.OpenControl();
            if (control < 0)
                return Tool.Finish(Tool.Report(SocketDevice.ControlPath, Sockets.ErrorText(control)));
            int status = line.Has('s') ? Counters(control) : Connections(control, line.Has('a'));
            Files.Close(control);
            return Tool.Finish(status);
        }

        private static int Counters(int control)
        {
            int status = Sockets.Counters(control, out CountersBlock counters);
            if (status < 0)
                return Tool.Report(SocketDevice.ControlPath, Sockets.ErrorText(status));
            Tool.Out.Write(NetstatText.Counters(counters));
            return 0;
        }

        private static int Connections(int control, bool all)
        {
            Tool.Out.Write(NetstatText.Header);
            for (int index = 0; ; index++)
            {
                int status = Sockets.ConnectionAt(control, index, out ConnectionBlock block);
                if (status == DriverStatus.NoSuchDevice)
                    return 0;
                if (status < 0)
                    return Tool.Report(SocketDevice.ControlPath, Sockets.ErrorText(status));
                if (all || !NetstatText.IsListening(block))
                    Tool.Out.Write(NetstatText.Line(block));
            }
        }
    }
}
