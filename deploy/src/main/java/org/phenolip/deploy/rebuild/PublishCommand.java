package org.phenolip.deploy.rebuild;

import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.phenolip.core.io.AtomicPublish;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code phenolip publish}: copies a finished output (a model, a report) to where its readers look,
 * as a new version that becomes current in one step; readers never see a half-copied folder.
 */
@Command(name = "publish", mixinStandardHelpOptions = true,
    description = "Copy FROM into a new version under TO and make it TO's current version (Hadoop paths).")
public final class PublishCommand implements Callable<Integer> {
  @Option(names = "--from", required = true, description = "The folder to publish.")
  String from;

  @Option(names = "--to", required = true, description = "The published root (versions/ + CURRENT).")
  String to;

  @Override
  public Integer call() throws Exception {
    Configuration conf = new Configuration();
    Path src = new Path(from);
    FileSystem srcFs = src.getFileSystem(conf);
    if (!srcFs.exists(src) || !srcFs.getFileStatus(src).isDirectory()) {
      throw new IllegalArgumentException("--from " + from + ": not a folder");
    }
    AtomicPublish pub = new AtomicPublish(to, conf);
    Path version = pub.newVersion();
    FileSystem dstFs = version.getFileSystem(conf);
    for (FileStatus st : srcFs.listStatus(src)) {
      FileUtil.copy(srcFs, st.getPath(), dstFs, new Path(version, st.getPath().getName()), false, conf);
    }
    pub.commit(version);
    System.out.println("published " + from + " as " + version);
    return 0;
  }
}
