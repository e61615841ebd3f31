using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.PmTest
{
    // Does what the process manager does with the memory manager's and the
    // kernel's process calls: forks pong (the copy inherits pong's wait for a request and
    // must answer one), then execs a fresh pong image from the boot modules
    // into the copy (which must answer again, from the new image).
    public static unsafe class Program
    {
        public static int Main()
        {
            Endpoint pong = Endpoints.Lookup("pong");
            Message message = default;
            int status = ProcessControl.Fork(pong.Value, out int forked);
            if (status != Status.Ok)
                return Fail("fork", status);
            var child = new Endpoint(forked);
            Diagnostics.Print(string.Concat("pmtest: fork ok, child endpoint ", child.Value.ToString()));
            if ((status = Resume(child)) != Status.Ok)
                return Fail("resume", status);
            Probe(child, "forked copy");

            byte[]? image = BootModules.Read("pong");
            if (image == null)
                return Fail("reading the pong module", -1);
            status = ProcessControl.Exec(child.Value, image);
            if (status != Status.Ok)
                return Fail("exec", status);
            Diagnostics.Print("pmtest: exec ok");
            Probe(child, "exec'd image");

            // PrivCtl: give the copy ping's compiled policy; it is then "ping".
            byte[] table = BootModules.Read("ping.priv") ?? new byte[0];
            fixed (byte* bytes = table)
            {
                message = default;
                PrivCtlMessage.Of(&message)->Target = child.Value;
                PrivCtlMessage.Of(&message)->Table = (long)bytes;
                PrivCtlMessage.Of(&message)->Length = table.Length;
                status = Ipc.KernelCall(KernelCall.PrivCtl, &message);
            }
            Diagnostics.Print(string.Concat("pmtest: privctl status ", status.ToString(),
                Endpoints.Lookup("ping") == child ? "; the copy is now ping" : "; LABEL NOT CHANGED"));

            // Kill: the copy goes, its endpoint stays dead.
            message = default;
            KillMessage.Of(&message)->Target = child.Value;
            status = Ipc.KernelCall(KernelCall.Kill, &message);
            message = default;
            int after = Ipc.SendAsync(child, &message);
            Diagnostics.Print(string.Concat("pmtest: kill status ", status.ToString(), ", then send status ", after.ToString()));

            Alarm();
            DeviceMemory();
            return 0;
        }

        // SetAlarm: a notification from the kernel with the alarm flag.
        private static void Alarm()
        {
            long before = Lib.Sys.Process.Ticks();
            int status = Devices.SetAlarm(50);
            Message message = default;
            int received = Ipc.Receive(Endpoint.Kernel, &message);
            long waited = Lib.Sys.Process.Ticks() - before;
            Diagnostics.Print(string.Concat("pmtest: alarm status ", status.ToString(), ", notification ", received.ToString(),
                " from ", message.Source.ToString(), " alarm flag ", NotificationMessage.Of(&message)->Alarm.ToString(), ", ticks waited ", waited.ToString()));
        }

        // UMap: the VGA text buffer, mapped uncached; a cell written through
        // the mapping reads back.
        private static void DeviceMemory()
        {
            int status = Devices.Map(0xB8000, 0x1000, out ulong mapped);
            if (status != Status.Ok)
            {
                Diagnostics.Print(string.Concat("pmtest: umap status ", status.ToString()));
                return;
            }
            ushort* screen = (ushort*)mapped;
            screen[79] = 0x2F21; // a green '!' in the top right corner
            Diagnostics.Print(string.Concat("pmtest: umap ok, read back 0x", ((int)screen[79]).ToString("x")));
        }

        private static int Resume(Endpoint target)
        {
            Message message = default;
            StateCtlMessage.Of(&message)->Target = target.Value;
            StateCtlMessage.Of(&message)->Operation = StateCtlMessage.Resume;
            return Ipc.KernelCall(KernelCall.StateCtl, &message);
        }

        private static void Probe(Endpoint target, string what)
        {
            Message message = default;
            EchoMessage.Of(&message)->Counter = 41;
            int status = Ipc.SendRec(target, &message);
            Diagnostics.Print(string.Concat("pmtest: ", what, " answers ", status == Status.Ok ? EchoMessage.Of(&message)->Counter.ToString() : string.Concat("status ", status.ToString())));
        }

        private static int Fail(string what, int status)
        {
            Diagnostics.Print(string.Concat("pmtest: FAIL ", what, " status ", status.ToString()));
            return 1;
        }
    }
}
