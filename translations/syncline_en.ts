<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>syncline::ui::AlertsPage</name>
    <message numerus="yes">
        <source>%n active, </source>
        <translation><numerusform>%n active, </numerusform><numerusform>%n active, </numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n not acknowledged</source>
        <translation><numerusform>%n not acknowledged</numerusform><numerusform>%n not acknowledged</numerusform></translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>&lt; 1 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1/s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ETA %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Invalid file: %n problem(s)</source>
        <translation><numerusform>Invalid file: %n problem</numerusform><numerusform>Invalid file: %n problems</numerusform></translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Starting</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Snapshotting: %1 rows</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Snapshotting %1 %</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Streaming</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Retrying (attempt %1): %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>OK</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>WARN</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>STALLED</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>STOPPED</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>clears in %1</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n message(s)</source>
        <translation><numerusform>%n message</numerusform><numerusform>%n messages</numerusform></translation>
    </message>
    <message>
        <source>%1 in · %2 out</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::PipelineCard</name>
    <message numerus="yes">
        <source>%n alert(s)</source>
        <translation><numerusform>%n alert</numerusform><numerusform>%n alerts</numerusform></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Runs and watches Syncline pipelines.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start the pipelines after opening them.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pipeline files to open.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::DashboardPage</name>
    <message>
        <source>Throughput</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>events/s</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>read from source</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>applied to targets</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Latency, commit to applied</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>ms</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>p50</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>p99</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Replication slot</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>MiB</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>seconds</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>lag (MiB)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>retained log (MiB)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>lag (s)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Retries and dead letters</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>per second</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>retries</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>dead letters</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last 5 minutes</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last hour</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pipeline:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Window:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Lag status:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::EnvelopeDiffModel</name>
    <message>
        <source>(absent)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(unchanged, not sent)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Column</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Before</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>After</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::KafkaConnectionDialog</name>
    <message>
        <source>Kafka Cluster</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>host1:9092,host2:9092</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Further librdkafka properties, one name=value per line,
e.g. ssl.ca.location=/etc/ssl/certs/ca.pem</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Bootstrap servers:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Security protocol:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>SASL &amp;mechanism:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;User name:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Other properties:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::LagStatusLabel</name>
    <message>
        <source>Judged from the trend of the lag over the last minute: OK while it does not grow, WARN when it grew at every step, STALLED when nothing was applied</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::LogModel</name>
    <message>
        <source>Debug</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Info</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Level</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::LogPage</name>
    <message>
        <source>All categories</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter messages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Level:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Category:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::MainWindow</name>
    <message>
        <source>Syncline Console</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pipelines</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dashboard</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n pipeline(s) running</source>
        <translation><numerusform>%n pipeline running</numerusform><numerusform>%n pipelines running</numerusform></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Pipeline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Clear Menu</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open Pipeline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pipeline files (*.yaml *.yml);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stopping pipelines…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n pipeline(s) running. Stop and quit? Each stops gracefully: what it has read is applied and confirmed first.</source>
        <translation><numerusform>%n pipeline running. Stop and quit? It stops gracefully: what it has read is applied and confirmed first.</numerusform><numerusform>%n pipelines running. Stop and quit? Each stops gracefully: what it has read is applied and confirmed first.</numerusform></translation>
    </message>
</context>
<context>
    <name>syncline::ui::MessageBrowserBar</name>
    <message>
        <source>From the beginning</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Last messages of each partition</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>From offset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>From time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Key contains…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Value contains…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Header name=value…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Live tail</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Start:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Filter:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::MessageDetailView</name>
    <message>
        <source>insert</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>update</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>delete</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>snapshot read</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>truncate</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Header</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Headers</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Select a message to see it in full.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no timestamp</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>Partition %1 · offset %2 · %3 · %n header(s)</source>
        <translation><numerusform>Partition %1 · offset %2 · %3 · %n header</numerusform><numerusform>Partition %1 · offset %2 · %3 · %n headers</numerusform></translation>
    </message>
    <message>
        <source>(tombstone: no value)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(no key)</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%1 on %2 · %n column(s) changed</source>
        <translation><numerusform>%1 on %2 · %n column changed</numerusform><numerusform>%1 on %2 · %n columns changed</numerusform></translation>
    </message>
</context>
<context>
    <name>syncline::ui::PipelineActions</name>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Res&amp;ume</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Re&amp;load File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Close Pipeline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stop Pipeline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Stop %1? Changes read so far are applied and confirmed first; changes made after that wait in the replication slot until it runs again.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::PipelineCluster</name>
    <message>
        <source>The pipeline file has problems; see the Pipelines page.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>This pipeline runs its own embedded broker, which lives only inside the running pipeline. Choose another cluster to browse.</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::PipelineListModel</name>
    <message>
        <source>Pipeline</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Confirmed position</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Lag</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Dead letters</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>File</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n table(s) differ</source>
        <translation><numerusform>%n table differs</numerusform><numerusform>%n tables differ</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n table(s) not compared</source>
        <translation><numerusform>%n table not compared</numerusform><numerusform>%n tables not compared</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) differ</source>
        <translation><numerusform>%n row differs</numerusform><numerusform>%n rows differ</numerusform></translation>
    </message>
</context>
<context>
    <name>syncline::ui::PipelinesPage</name>
    <message>
        <source>No pipeline is open.
Open a pipeline file with File ▸ Open (Ctrl+O), or drop one here.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>%1 cannot be run:</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::SchemaColumnModel</name>
    <message>
        <source>key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Column</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::SchemaDiffModel</name>
    <message>
        <source>%1 (key)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>added</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>removed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>type changed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>key changed</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Column</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Before</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>After</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Change</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::SchemaTableModel</name>
    <message>
        <source>none</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>default (primary key)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>full</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>index</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>nothing</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>unknown (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Table</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Versions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Replica identity</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::SchemaVersionModel</name>
    <message>
        <source>Version</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>First LSN</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Recorded at</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::SchemasPage</name>
    <message>
        <source>Refresh</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Read the schema history again (%1)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pipeline:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Tables</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Versions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Compare version</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>with version</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n table(s)</source>
        <translation><numerusform>%n table</numerusform><numerusform>%n tables</numerusform></translation>
    </message>
    <message>
        <source>Open a pipeline to see the schemas of the tables it captures.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>The pipeline file has problems; the Pipelines page lists them.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot read the schema history in %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No schema history yet: start the pipeline once. Each table shows here once the pipeline has read a change to it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>No table recorded yet: each table shows here once the pipeline has read a change to it.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Columns of version %1 · key: %2 · replica identity: %3</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Version %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the same version</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>no differences</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>%n column(s) changed</source>
        <translation><numerusform>%n column changed</numerusform><numerusform>%n columns changed</numerusform></translation>
    </message>
</context>
<context>
    <name>syncline::ui::TopicListModel</name>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Partition %1: offsets %2 – %3 (%4 messages)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Partition %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Topic</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Partitions</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Low watermark</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>High watermark</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::TopicMessageModel</name>
    <message>
        <source>Scanned %1 · matched %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Read %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Choose a topic.</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Opening %1…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>reading…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>end of topic, waiting for new messages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>end of topic</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>timed out, not at the end: scroll down to go on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>timed out (%1), not at the end: scroll down to go on</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>showing the first %1 messages; narrow the filter or start later</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>(tombstone)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Partition</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Offset</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Timestamp</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the brokers did not answer in time</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>the brokers did not answer in time (%1)</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>syncline::ui::TopicsPage</name>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Export Selected…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cluster:</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Pipeline %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Other: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Other cluster…</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Listing the topics of %1…</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>The brokers did not answer within %n second(s). Refresh to try again.</source>
        <translation><numerusform>The brokers did not answer within %n second. Refresh to try again.</numerusform><numerusform>The brokers did not answer within %n seconds. Refresh to try again.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>The brokers did not answer within %n second(s) (%1). Refresh to try again.</source>
        <translation><numerusform>The brokers did not answer within %n second (%1). Refresh to try again.</numerusform><numerusform>The brokers did not answer within %n seconds (%1). Refresh to try again.</numerusform></translation>
    </message>
    <message>
        <source>Cannot list the topics: %1</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Export Messages</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>JSON lines (*.jsonl);;All files (*)</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished" />
    </message>
</context>
<context>
    <name>RepairConfirmation</name>
    <message numerus="yes">
        <source>… and %n more (Show Details…)</source>
        <translation><numerusform>… and %n more (Show Details…)</numerusform><numerusform>… and %n more (Show Details…)</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Repair %n row(s) on sink %1?</source>
        <translation><numerusform>Repair %n row on sink %1?</numerusform><numerusform>Repair %n rows on sink %1?</numerusform></translation>
    </message>
</context>
<context>
    <name>syncline::ui::ValidatePage</name>
    <message numerus="yes">
        <source>%n difference(s)</source>
        <translation><numerusform>%n difference</numerusform><numerusform>%n differences</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n table(s)</source>
        <translation><numerusform>%n table</numerusform><numerusform>%n tables</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Requesting the repair of %n row(s)…</source>
        <translation><numerusform>Requesting the repair of %n row…</numerusform><numerusform>Requesting the repair of %n rows…</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n difference(s).</source>
        <translation><numerusform>%n difference.</numerusform><numerusform>%n differences.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Repaired %n row(s); verified again. </source>
        <translation><numerusform>Repaired %n row; verified again. </numerusform><numerusform>Repaired %n rows; verified again. </numerusform></translation>
    </message>
</context>
<context>
    <name>syncline::ui::VerifyResultModel</name>
    <message numerus="yes">
        <source>%n difference(s)</source>
        <translation><numerusform>%n difference</numerusform><numerusform>%n differences</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>Equal but %n row(s) that kept changing</source>
        <translation><numerusform>Equal but %n row that kept changing</numerusform><numerusform>Equal but %n rows that kept changing</numerusform></translation>
    </message>
</context>
<context>
    <name>syncline::ui::PrivacyPanel</name>
    <message numerus="yes">
        <source>%n column(s) tagged pii: in %1.</source>
        <translation><numerusform>%n column tagged pii: in %1.</numerusform><numerusform>%n columns tagged pii: in %1.</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n table(s)</source>
        <translation><numerusform>%n table</numerusform><numerusform>%n tables</numerusform></translation>
    </message>
</context>
<context>
    <name>syncline::ui::TransformPreviewDialog</name>
    <message numerus="yes">
        <source>Fetching up to %n row(s)…</source>
        <translation><numerusform>Fetching up to %n row…</numerusform><numerusform>Fetching up to %n rows…</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%n row(s) before and after the transforms; raw values are hidden.</source>
        <translation><numerusform>%n row before and after the transforms; raw values are hidden.</numerusform><numerusform>%n rows before and after the transforms; raw values are hidden.</numerusform></translation>
    </message>
</context>
</TS>
