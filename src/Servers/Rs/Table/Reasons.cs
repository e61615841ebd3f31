namespace Minix3.Cosmos.Servers.Rs.Table
{
    // Why RS restarts a component: the `reason` argument of a recovery
    // script (the paper's Figure 3 tests `$reason -eq 6` for a dynamic
    // update), and what the restart log line names.
    public static class Reasons
    {
        public const int Exit = 1;         // exited (status in the report)
        public const int Panic = 2;        // ended itself with a panic
        public const int Exception = 3;    // CPU or MMU exception
        public const int Killed = 4;       // killed by a signal
        public const int Heartbeat = 5;    // missed its heartbeats
        public const int Update = 6;       // dynamic update requested
        public const int Complaint = 7;    // another component complained
        public const int Requested = 8;    // `service restart`
        public const int DmaFault = 9;     // its device reached outside its IOMMU domain (iommu reports it)

        // From the kernel's defect class (Lib/Ipc DefectClass: 1 exit, 2
        // panic, 3 CPU exception, 4 killed): the same numbers.
        public static int FromDefectClass(long defectClass) =>
            defectClass >= Exit && defectClass <= Killed ? (int)defectClass : Exit;

        public static string Name(int reason) => reason switch
        {
            Exit => "exit",
            Panic => "panic",
            Exception => "exception",
            Killed => "killed",
            Heartbeat => "heartbeat",
            Update => "update",
            Complaint => "complaint",
            Requested => "requested",
            DmaFault => "dma",
            _ => "unknown",
        };
    }
}
