using Minix3.Cosmos.Commands.Common;
using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Commands.Service
{
    // `service status`: one line per supervised component, from RS's
    // Status replies (RsProtocol.cs): label, endpoint, state, failures in
    // the policy's window, the last defect class and when it happened
    // (seconds since boot).
    internal static unsafe class StatusTable
    {
        public static int Print(Endpoint rs)
        {
            Tool.Out.WriteLine("LABEL            ENDPOINT  STATE       RESTARTS  LAST       AT");
            for (int index = 0; ; index++)
            {
                Message message = default;
                message.Type = RsRequest.Status;
                RsRequestMessage.Of(&message)->Index = index;
                int status = Ipc.SendRec(rs, &message);
                if (status == Lib.Ipc.Status.Ok)
                    status = message.Type;
                if (status == RsStatus.NotFound)
                    return PrintDma(rs);
                if (status < 0)
                    return Tool.Report("status", Program.ErrorText(status));
                long packed = RsRequestMessage.Of(&message)->State;
                int reason = (int)((packed >> 8) & 0xFF);
                long atMs = (long)((ulong)packed >> 32);
                Tool.Out.WriteLine(Pad(RsMessage.Label(&message) ?? "?", 16) + " " + Pad(RsRequestMessage.Of(&message)->Endpoint.ToString(), 9) + " "
                    + Pad(StateName((int)(packed & 0xFF)), 11) + " " + Pad(((packed >> 16) & 0xFFFF).ToString(), 9) + " "
                    + Pad(ReasonName(reason), 10) + " " + (reason == 0 ? "-" : Seconds(atMs)));
            }
        }

        // After the table: whether a driver's device can reach memory its
        // driver was not given. Said plainly when it can.
        private static int PrintDma(Endpoint rs)
        {
            Message message = default;
            message.Type = RsRequest.Status;
            RsRequestMessage.Of(&message)->Index = RsDmaStatus.Index;
            int status = Ipc.SendRec(rs, &message);
            long state = status == Lib.Ipc.Status.Ok && message.Type == Lib.Ipc.Status.Ok ? RsRequestMessage.Of(&message)->State : RsDmaStatus.NoManager;
            Tool.Out.WriteLine(state == RsDmaStatus.Confined ? "DMA: confined: each PCI device reaches only its driver's DMA memory (IOMMU)"
                : state == RsDmaStatus.Unconfined ? "DMA: UNCONFINED: no IOMMU; a driver's device can read and write all of memory"
                : "DMA: UNCONFINED: no IOMMU manager runs; a driver's device can read and write all of memory");
            message = default;
            message.Type = RsRequest.Status;
            RsRequestMessage.Of(&message)->Index = RsRootStatus.Index;
            status = Ipc.SendRec(rs, &message);
            long root = status == Lib.Ipc.Status.Ok && message.Type == Lib.Ipc.Status.Ok ? RsRequestMessage.Of(&message)->State : RsRootStatus.NotMounted;
            if (root == RsRootStatus.Live)
                Tool.Out.WriteLine("root: LIVE: the boot image's rootfs in RAM; changes last until power-off");
            else if (root == RsRootStatus.Disk)
                Tool.Out.WriteLine("root: on disk");
            return 0;
        }

        private static string StateName(int state) => state switch
        {
            RsState.Running => "running", RsState.Restarting => "restarting", RsState.Stopped => "stopped",
            RsState.Recovering => "recovering", RsState.Updating => "updating", _ => state.ToString(),
        };

        // The reason codes a recovery script gets as $2 (src/Servers/Rs/Table/Reasons.cs).
        private static string ReasonName(int reason) => reason switch
        {
            0 => "-", 1 => "exit", 2 => "panic", 3 => "exception", 4 => "killed", 5 => "heartbeat", 6 => "update", 7 => "complaint", 8 => "requested", 9 => "dma",
            _ => reason.ToString(),
        };

        private static string Seconds(long ms)
        {
            string fraction = (ms % 1000).ToString();
            return (ms / 1000).ToString() + "." + new string('0', 3 - fraction.Length) + fraction + "s";
        }

        private static string Pad(string text, int width) => text.Length >= width ? text : text + new string(' ', width - text.Length);
    }
}
