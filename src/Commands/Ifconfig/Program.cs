using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Commands.Common.Net;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Posix;

namespace Minix3.Cosmos.Commands.Ifconfig
{
    // ifconfig [NAME [A.B.C.D/PREFIX [gw A.B.C.D] | dhcp]]: inet's
    // interfaces through its control device (/dev/inet): every one, or
    // NAME's, as IfconfigText describes them; or NAME given a static
    // address (and gateway), or DHCP started on it. Interfaces are
    // numbered from 0 (InterfaceAt) until inet answers NoSuchDevice.
    public static class Program
    {
        public static int Main()
        {
            // -a (every interface, as other systems spell it) changes
            // nothing: down interfaces are always listed.
            CommandLine? line = Tool.Start("ifconfig", "a", IfconfigText.Synopsis);
            if (line == null)
                return Tool.UsageStatus;
            IfconfigRequest request = IfconfigText.Parse(line.Operands);
            if (request.Error != null)
                return Tool.Finish(Tool.Usage(request.Error, IfconfigText.Synopsis));

            int control = Sockets.OpenControl();
            if (control < 0)
                return Tool.Finish(Tool.Report(SocketDevice.ControlPath, Sockets.ErrorText(control)));
            int status = request.Action switch
            {
                IfconfigAction.Configure => Configure(control, request, dhcp: false),
                IfconfigAction.Dhcp => Configure(control, request, dhcp: true),
                _ => Show(control, request),
            };
            Files.Close(control);
            return Tool.Finish(status);
        }

        private static int Configure(int control, IfconfigRequest request, bool dhcp)
        {
            int status = Sockets.Configure(control, request.Name, request.Address, request.Mask, request.Gateway, dhcp);
            return status < 0 ? Tool.Report(request.Name, Sockets.ErrorText(status)) : 0;
        }

        private static int Show(int control, IfconfigRequest request)
        {
            for (int index = 0; ; index++)
            {
                int status = Sockets.InterfaceAt(control, index, out InterfaceBlock block);
                if (status == DriverStatus.NoSuchDevice)
                    break;
                if (status < 0)
                    return Tool.Report(SocketDevice.ControlPath, Sockets.ErrorText(status));
                string name = Sockets.InterfaceName(block);
                if (request.Action == IfconfigAction.ShowAll)
                {
                    Tool.Out.Write(IfconfigText.Describe(name, block));
                }
                else if (name == request.Name)
                {
                    Tool.Out.Write(IfconfigText.Describe(name, block));
                    return 0;
                }
            }
            return request.Action == IfconfigAction.ShowAll ? 0 : Tool.Report(request.Name, Sockets.ErrorText(DriverStatus.NoSuchDevice));
        }
    }
}
