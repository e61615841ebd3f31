using Minix3.Cosmos.Lib.Ipc;
using Minix3.Cosmos.Lib.Sys;
using Minix3.Cosmos.Servers.Iommu.Acpi;
using Minix3.Cosmos.Servers.Iommu.VtD;

namespace Minix3.Cosmos.Servers.Iommu
{
    // iommu, the IOMMU manager (src/Lib/Ipc/IommuMessages.cs). At start it
    // finds the VT-d unit (ACPI DMAR), builds an empty root table (every
    // PCI function's DMA is refused until pci hands it to a driver) and
    // turns translation on; RS starts it before pci, so no driver can turn
    // bus mastering on before that. Then it serves pci's Assign and the
    // drivers' DMA requests, and every PollMs reads the fault records and
    // notices holders that ended. Without an IOMMU it says so, in the log
    // and in DS ("iommu.confined" 0), and still lends DMA memory.
    //
    // Ring 3, not the kernel: nothing here needs the CPU's privileges (the
    // unit is memory-mapped registers and tables in memory), and the
    // kernel only checks what iommu asks (privadd, vm's mappings). It is
    // critical: the unit walks tables in iommu's memory and devices write
    // into memory iommu lends, so if it ended the kernel would free frames
    // the hardware still uses; the system stops instead.
    public static unsafe class Program
    {
        public static int Main()
        {
            var state = new StateStore(IommuClient.Label);
            Server server = Start(out bool confined);
            state.SaveNumber("confined", confined ? 1u : 0u);
            Devices.SetAlarm(Server.PollMs);
            Message request, reply;
            while (true)
            {
                // What arrived while this server waited on RS (Reincarnation) comes first.
                if (!AnswerWait.TakeKept(&request) && Ipc.Receive(Endpoint.Any, &request) != Status.Ok)
                    continue;
                if (request.Type == KernelMessageType.Notification)
                {
                    if (NotificationMessage.Of(&request)->Alarm != 0)
                    {
                        server.Poll();
                        Devices.SetAlarm(Server.PollMs);
                    }
                    continue;
                }
                if (request.Source < 0 || Reincarnation.AnswerPing(&request))
                    continue;
                reply = default;
                reply.Type = server.Handle(&request, &reply);
                Ipc.SendAsync(new Endpoint(request.Source), &reply);
            }
        }

        private static Server Start(out bool confined)
        {
            confined = false;
            if (!Discovery.Find(out DmarTable.Unit found, out string why))
                return Unconfined(why);
            if (PhysicalWindows.Map(found.RegisterBase, 4096, out byte* registers) != Status.Ok)
                return Unconfined("its registers at 0x" + found.RegisterBase.ToString("x") + " cannot be mapped");
            var unit = new RemappingUnit(registers);
            if (unit.Levels == 0)
                return Unconfined("it supports neither 39-bit nor 48-bit domains");
            if (unit.WriteBufferFlush)
                return Unconfined("it needs write-buffer flushing, which iommu does not do");
            var pages = new TablePages();
            var contexts = new ContextTables(pages);
            if (contexts.Root == 0)
                return Unconfined("no memory for its root table");
            if (!unit.Enable(contexts.Root, out string problem))
                return Unconfined(problem);
            confined = true;
            Diagnostics.Print(string.Concat("iommu: VT-d ", unit.VersionText, " at 0x", found.RegisterBase.ToString("x"), ", ",
                unit.Levels.ToString(), "-level domains, ", unit.FaultRecords.ToString(), " fault records",
                found.ReservedRegions > 0 ? string.Concat(", ", found.ReservedRegions.ToString(), " firmware regions (RMRR) not honoured") : "",
                "; translation on: each PCI device reaches only the DMA memory its driver was given"));
            return new Server(unit, contexts, pages);
        }

        private static Server Unconfined(string why)
        {
            Diagnostics.Print(string.Concat("iommu: no IOMMU (", why, "): DMA is unconfined: a driver's device can read and write all of memory"));
            return new Server(null, null, null);
        }
    }
}
