package io.github.reluinr.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.reluinr.op.AveragePoolOperator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The default recipe on a small case: the 64x64 centre crop of camera-128 from its exact 2x2 block means,
 * seed 0. Measured (docs/superres-protocol.md, development case): recipe 24.57 dB, the paper's random start
 * at the same 400 epochs 23.09 dB, scikit-image's bicubic 25.16 dB, back-projection 25.44 dB. The recipe
 * does not beat bicubic here (nor on the study's images); the test holds it to what it does.
 */
class SuperResolutionTaskTest {
    static Image2D[] camera(int size, int scale) {
        Image2D gt = TestImages.crop(TestImages.load("camera-128.png"), size, size);
        AveragePoolOperator pool = new AveragePoolOperator(size / scale, size / scale, scale);
        INDArray low = Nd4j.create(DataType.FLOAT, pool.outputSize(), 1);
        pool.apply(gt.pixels(), low);
        return new Image2D[] {new Image2D(low, size / scale, size / scale), gt};
    }

    static double psnr(TaskResult r, String method) {
        return r.metrics().stream().filter(m -> m.method().equals(method)).findFirst().orElseThrow().psnrDb();
    }

    @Test
    void theDefaultRecipeBeatsTheRandomStartAndStaysNearBicubic() {
        Image2D[] d = camera(64, 2);
        TaskResult r = SuperResolutionTask.run(d[0], 2, d[1], SuperResolutionTask.recipe(), SuperResolutionTask.DEFAULT_START,
                SuperResolutionBaselines.DEFAULT_ITERATIONS, null, null);
        int epochs = SuperResolutionTask.DEFAULT_START.epochs() + SuperResolutionTask.recipe().epochs();
        TaskResult paper = SuperResolutionTask.run(d[0], 2, d[1], SuperResolutionTask.recipe().epochs(epochs), null, null);
        double inr = psnr(r, "bw-relu"), random = psnr(paper, "bw-relu"), bicubic = psnr(r, SuperResolutionBaselines.SKIMAGE);
        assertEquals(List.of("bw-relu", "bicubic-skimage", "bicubic-pil", "lanczos-pil", "back-projection"), r.metrics().stream().map(MetricsRow::method).toList());
        assertEquals(epochs, r.metrics().get(0).epochs());
        assertTrue(inr > random + 1.0, "recipe " + inr + " vs random start " + random);
        assertTrue(inr > bicubic - 1.0, "recipe " + inr + " vs bicubic " + bicubic);
        assertTrue(r.metrics().get(0).finalLoss() < 1e-5, "the data term is fitted: " + r.metrics().get(0).finalLoss());
    }
}
