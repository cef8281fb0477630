import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './client';

/**
 * Puts an item unless one with its key exists: false when it did. The condition is what makes a
 * re-run, or two runs at once, write (and so announce) nothing twice.
 */
export async function putOnce(tableName: string, item: Record<string, unknown>): Promise<boolean> {
  try {
    await documentClient.send(
      new PutCommand({ TableName: tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
