using Minix3.Cosmos.Lib.Sys;

namespace Minix3.Cosmos.Tests.Components.LifeProbe
{
    public static class Program
    {
        public static int Main()
        {
            StartKind kind = Lifecycle.Start("lifeprobe");
            string name = kind == StartKind.Fresh ? "fresh" : kind == StartKind.Restart ? "restart" : "live-update";
            Diagnostics.Print("lifeprobe: start " + name + ", instance " + Lifecycle.Instance.ToString());
            // The first instance fails (a panic); the others end normally, so
            // Restarter sees both kinds of ending.
            if (Lifecycle.Instance == 1)
                Process.Panic("first instance fails on purpose");
            return 0;
        }
    }
}
