using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Restarter
{
    // Waits for lifeprobe's defect reports. After the first (its panic) it
    // restarts it plainly: the new instance must call itself a restart.
    // After the second it publishes "update.lifeprobe" and restarts it
    // again: that instance must call itself a live update. Exits 0 once the
    // third instance has ended, or non-zero if any step failed.
    public static unsafe class Program
    {
        public static int Main()
        {
            for (int ending = 1; ending <= 3; ending++)
            {
                Message report;
                if (Ipc.Receive(Endpoint.Kernel, &report) != Status.Ok || report.Type != KernelMessageType.DefectReport)
                    return Fail("no defect report");
                Diagnostics.Print("restarter: lifeprobe ended (class " + DefectReport.Of(&report)->Class.ToString() + ")");
                if (ending == 3)
                    break;
                if (ending == 2 && !PublishUpdateMarker())
                    return Fail("cannot publish the update marker");
                int status = Restart("lifeprobe");
                if (status != Status.Ok)
                    return Fail("restart status " + status.ToString());
            }
            Diagnostics.Print("restarter: done");
            return 0;
        }

        // A process slot (a stopped copy of pong), then the component's
        // table, then its image, which starts it.
        private static int Restart(string label)
        {
            byte[]? image = BootModules.Read(label);
            byte[]? table = BootModules.Read(label + ".priv");
            if (image == null || table == null)
                return Status.BadArgument;
            Message message = default;
            int status = ProcessControl.Fork(Endpoints.Lookup("pong").Value, out int slot);
            if (status != Status.Ok)
                return status;
            fixed (byte* bytes = table)
            {
                message = default;
                PrivCtlMessage.Of(&message)->Target = slot;
                PrivCtlMessage.Of(&message)->Table = (long)bytes;
                PrivCtlMessage.Of(&message)->Length = table.Length;
                if ((status = Ipc.KernelCall(KernelCall.PrivCtl, &message)) != Status.Ok)
                    return status;
            }
            return ProcessControl.Exec(slot, image);
        }

        private static bool PublishUpdateMarker()
        {
            Message message;
            if (DataStoreMessage.PublishNumber(&message, "update.lifeprobe", 1, DataStoreFlags.Overwrite) != Status.Ok)
                return false;
            return Ipc.SendRec(Endpoints.Lookup("ds"), &message) == Status.Ok && message.Type == Status.Ok;
        }

        private static int Fail(string why)
        {
            Diagnostics.Print("restarter: FAILED: " + why);
            return 1;
        }
    }
}
