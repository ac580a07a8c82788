package org.phenolip.deploy.k8s;

import static org.junit.jupiter.api.Assertions.*;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.FileInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.k8s.submit.KubernetesClientApplication;
import org.junit.jupiter.api.Test;

/**
 * Spark's real Kubernetes submission client, in cluster mode, with deploy/k8s's confs and pod
 * templates, against a Kubernetes API mock server (CRUD mode): the driver pod it creates carries
 * our image, the templates' labels, node selector and DJL-cache volume, the service account, the
 * job's main class and arguments, and the GPU resource confs for the executors.
 */
class KubernetesSubmitTest {
  KubernetesMockServer server;
  KubernetesClient client;

  /**
   * The CRUD mock answers server-side apply (which Spark 4 uses to create the driver's service and
   * config maps) only for objects that exist; a real API server creates missing ones, and so does this.
   */
  static final class ServerSideApplyDispatcher extends KubernetesCrudDispatcher {
    @Override
    public MockResponse handlePatch(RecordedRequest r) {
      byte[] body = r.getBody().getBytes();
      MockResponse res = super.handlePatch(new RecordedRequest(r.getHttpVersion(), r.method(), r.getPath(), r.getHeaders(), new Buffer(body)));
      String type = r.getHeader("Content-Type");
      if (res.code() != 404 || type == null || !type.startsWith("application/apply-patch")) return res;
      String path = r.getPath().replaceFirst("\\?.*$", "");
      String collection = path.substring(0, path.lastIndexOf('/'));
      return handleCreate(new RecordedRequest(r.getHttpVersion(), HttpMethod.POST, collection, r.getHeaders(), new Buffer(body)));
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new ServerSideApplyDispatcher(), false);
    server.init(InetAddress.getByName("127.0.0.1"), 0);
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    client.close();
    server.destroy();
  }

  @Test
  void clusterModeSubmissionCreatesTheDriverPodFromOurTemplates() throws Exception {
    Properties props = new Properties();
    try (FileInputStream in = new FileInputStream("k8s/spark-k8s.conf")) {
      props.load(in);
    }
    SparkConf conf = new SparkConf(false);
    for (String k : props.stringPropertyNames()) conf.set(k, props.getProperty(k).trim());
    String api = "http://127.0.0.1:" + server.getPort();
    conf.set("spark.master", "k8s://" + api)
        .set("spark.submit.deployMode", "cluster")
        .set("spark.app.name", "phenolip-stage2")
        .set("spark.kubernetes.namespace", "phenolip")
        .set("spark.kubernetes.container.image", "registry.example/phenolip:0.1.0")
        .set("spark.kubernetes.driver.podTemplateFile", Path.of("k8s/driver-pod-template.yaml").toAbsolutePath().toString())
        .set("spark.kubernetes.executor.podTemplateFile", Path.of("k8s/executor-pod-template.yaml").toAbsolutePath().toString())
        .set("spark.kubernetes.submission.waitAppCompletion", "false")
        .set("spark.kubernetes.trust.certificates", "true")
        // a loaded CI machine: generous client timeouts (ms)
        .set("spark.kubernetes.submission.connectionTimeout", "60000")
        .set("spark.kubernetes.submission.requestTimeout", "60000");

    String[] args = {"--main-class", "org.phenolip.train.TrainingJob",
        "--primary-java-resource", "local:///opt/phenolip/phenolip.jar",
        "--arg", "stage2", "--arg", "--kg", "--arg", "s3a://bucket/phenokg", "--arg", "--workers", "--arg", "4"};
    new KubernetesClientApplication().start(args, conf);

    List<Pod> pods = client.pods().inNamespace("phenolip").list().getItems();
    assertEquals(1, pods.size(), "one driver pod");
    Pod driver = pods.get(0);
    assertEquals("phenolip", driver.getSpec().getServiceAccountName());
    assertEquals("driver", driver.getMetadata().getLabels().get("app.kubernetes.io/component"), "template labels merged");
    assertEquals("driver", driver.getMetadata().getLabels().get("spark-role"), "Spark's own labels too");
    assertEquals("cpu", driver.getSpec().getNodeSelector().get("phenolip.org/pool"));
    assertTrue(driver.getSpec().getVolumes().stream().anyMatch(v -> v.getName().equals("djl-cache")));

    Container c = driver.getSpec().getContainers().get(0);
    assertEquals("registry.example/phenolip:0.1.0", c.getImage());
    assertTrue(c.getEnv().stream().anyMatch(e -> e.getName().equals("DJL_OFFLINE") && "true".equals(e.getValue())));
    assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/opt/phenolip/djl-cache")));
    String cmd = String.join(" ", c.getArgs());
    assertTrue(cmd.contains("org.phenolip.train.TrainingJob"), cmd);
    assertTrue(cmd.contains("stage2 --kg s3a://bucket/phenokg --workers 4"), cmd);

    // The executors' settings travel in the driver's config map.
    String sparkConf = client.configMaps().inNamespace("phenolip").list().getItems().stream()
        .map(ConfigMap::getData).filter(d -> d != null).flatMap(d -> d.values().stream())
        .filter(v -> v.contains("spark.executor.resource.gpu.amount")).findFirst().orElse("");
    assertTrue(sparkConf.contains("spark.executor.resource.gpu.amount=1"), sparkConf);
    assertTrue(sparkConf.contains("spark.task.resource.gpu.amount=1"), sparkConf);
    assertTrue(sparkConf.contains("spark.executor.resource.gpu.vendor=nvidia.com"), sparkConf);
    assertTrue(sparkConf.contains("spark.dynamicAllocation.enabled=false"), sparkConf);
  }
}
