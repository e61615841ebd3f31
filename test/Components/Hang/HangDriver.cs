using Minix3.Cosmos.Lib.Driver;
using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.Hang
{
    // The library answers RS's pings until, half a second in, the first
    // instance spins forever (a bug that neither crashes nor exits); a
    // restarted instance just serves.
    public sealed class HangDriver : CharDriver
    {
        public static int Main()
        {
            new HangDriver().Run();
            return 0;
        }

        protected override string? Label => "hang";

        protected override void Started(StartKind kind)
        {
            Diagnostics.Print("hang: instance " + Lifecycle.Instance.ToString() + (kind == StartKind.Fresh ? " (fresh)" : " (restart)"));
            if (kind == StartKind.Fresh)
                Devices.SetAlarm(500);
        }

        protected override void Alarm()
        {
            Diagnostics.Print("hang: looping forever");
            while (true) { }
        }
    }
}
